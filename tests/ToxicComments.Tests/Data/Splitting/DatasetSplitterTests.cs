using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Tests.Data.Splitting;

public sealed class DatasetSplitterTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "splits", "sklearn-train-test-split.json"))).RootElement;

    public static TheoryData<int> SklearnCases() => new(Enumerable.Range(0, Golden.GetProperty("cases").GetArrayLength()));

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void TrainTestIndices_SameSeedAsSklearn_PicksTheSameRowsInTheSameOrder(int caseIndex)
    {
        JsonElement golden = Golden.GetProperty("cases")[caseIndex];

        (int[] train, int[] test) = DatasetSplitter.TrainTestIndices(
            golden.GetProperty("n").GetInt32(), golden.GetProperty("test_size").GetDouble(), golden.GetProperty("seed").GetUInt32());

        Assert.Equal(Ints(golden.GetProperty("train")), train);
        Assert.Equal(Ints(golden.GetProperty("test")), test);
    }

    [Fact]
    public void NumpyRandomState_Seed42_ReproducesNumpysRandomSample()
    {
        var random = new NumpyRandomState(42);

        double[] drawn = Enumerable.Range(0, 8).Select(_ => random.NextDouble()).ToArray();

        Assert.Equal(Golden.GetProperty("random_sample_seed_42").EnumerateArray().Select(e => e.GetDouble()), drawn);
    }

    [Fact]
    public void NumpyRandomState_ReferenceSeed_MatchesTheMersenneTwisterPaper()
    {
        // Matsumoto and Nishimura's reference output for init_genrand(5489).
        Assert.Equal(3499211612u, new NumpyRandomState(5489).NextUInt32());
    }

    [Fact]
    public void Split_SameSeed_ReturnsIdenticalPartitions()
    {
        CommentSet rows = Rows(200);
        var options = new SplitOptions { ValidationFraction = 0.1 };

        DatasetSplit first = DatasetSplitter.Split(rows, options);
        DatasetSplit second = DatasetSplitter.Split(rows, options);

        Assert.Equal(Ids(first.Train), Ids(second.Train));
        Assert.Equal(Ids(first.Validation!), Ids(second.Validation!));
        Assert.Equal(Ids(first.Test), Ids(second.Test));
    }

    [Fact]
    public void Split_OtherSeed_ReturnsAnotherPartition()
    {
        CommentSet rows = Rows(200);

        DatasetSplit first = DatasetSplitter.Split(rows, new SplitOptions { Seed = 1 });
        DatasetSplit second = DatasetSplitter.Split(rows, new SplitOptions { Seed = 2 });

        Assert.NotEqual(Ids(first.Test), Ids(second.Test));
    }

    [Theory]
    [InlineData(SplitStrategy.Random)]
    [InlineData(SplitStrategy.IterativeStratified)]
    public void Split_WithValidation_PartitionsEveryRowExactlyOnce(SplitStrategy strategy)
    {
        CommentSet rows = Rows(1000);

        DatasetSplit split = DatasetSplitter.Split(rows, new SplitOptions { ValidationFraction = 0.1, Strategy = strategy });

        string[] all = [.. Ids(split.Train), .. Ids(split.Validation!), .. Ids(split.Test)];
        Assert.Equal(Ids(rows).Order(), all.Order());
        Assert.InRange(split.Test.Count, 199, 201);
        Assert.InRange(split.Validation!.Count, 79, 81);
    }

    [Fact]
    public void Split_RandomWithValidation_IsSklearnAppliedTwice()
    {
        CommentSet rows = Rows(1000);

        DatasetSplit split = DatasetSplitter.Split(rows, new SplitOptions { ValidationFraction = 0.25, Seed = 7 });

        (int[] trainPart, int[] test) = DatasetSplitter.TrainTestIndices(1000, 0.2, 7);
        (int[] inner, int[] held) = DatasetSplitter.TrainTestIndices(trainPart.Length, 0.25, 7);
        Assert.Equal(test.Select(i => rows[i].Id), Ids(split.Test));
        Assert.Equal(held.Select(i => rows[trainPart[i]].Id), Ids(split.Validation!));
        Assert.Equal(inner.Select(i => rows[trainPart[i]].Id), Ids(split.Train));
    }

    [Fact]
    public void Split_Stratified_PutsARareLabelIntoEverySplitInProportion()
    {
        // 10 threat rows among 500: a random split often leaves validation without any.
        CommentSet rows = Rows(500, threatEvery: 50);

        DatasetSplit split = DatasetSplitter.Split(rows, new SplitOptions
        {
            ValidationFraction = 0.25, Strategy = SplitStrategy.IterativeStratified,
        });

        int threat = Array.IndexOf(LabelNames.All.ToArray(), "threat");
        Assert.Equal(6, split.Train.LabelCounts()[threat]);
        Assert.Equal(2, split.Validation!.LabelCounts()[threat]);
        Assert.Equal(2, split.Test.LabelCounts()[threat]);
    }

    [Fact]
    public void Split_StratifiedWithoutValidation_NeverUsesTheEmptyShare()
    {
        DatasetSplit split = DatasetSplitter.Split(Rows(300, threatEvery: 7), new SplitOptions { Strategy = SplitStrategy.IterativeStratified });

        Assert.Null(split.Validation);
        Assert.Equal(300, split.Train.Count + split.Test.Count);
        Assert.Equal(60, split.Test.Count);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(0.2, 1.0)]
    [InlineData(double.NaN, 0.0)]
    public void Split_FractionOutOfRange_Throws(double test, double validation)
    {
        Assert.Throws<ArgumentException>(() =>
            DatasetSplitter.Split(Rows(10), new SplitOptions { TestFraction = test, ValidationFraction = validation }));
    }

    [Fact]
    public void Split_TooFewRows_SaysWhichSplitIsEmpty()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSplitter.Split(Rows(1), new SplitOptions()));

        Assert.Contains("training split", error.Message);
    }

    private static CommentSet Rows(int count, int threatEvery = 0) => new(
        Enumerable.Range(0, count)
            .Select(i => new Comment($"r{i}", $"text {i}",
                (i % 3 == 0 ? ToxicLabels.Toxic : ToxicLabels.None)
                | (threatEvery > 0 && i % threatEvery == 0 ? ToxicLabels.Threat : ToxicLabels.None)))
            .ToArray(),
        "memory");

    private static IEnumerable<string> Ids(CommentSet rows) => rows.Select(r => r.Id);

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
