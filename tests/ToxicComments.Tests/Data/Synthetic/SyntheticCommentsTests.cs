using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Synthetic;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Data.Synthetic;

public sealed class SyntheticCommentsTests
{
    [Fact]
    public void Generate_SameSeed_SameComments()
    {
        Assert.Equal(SyntheticComments.Generate(300, 3, "a"), SyntheticComments.Generate(300, 3, "b"));
    }

    [Fact]
    public void EmbeddedDataset_IsExactlyWhatTheGeneratorWrites()
    {
        // data/synthetic is generated, never edited by hand: regenerate it and compare bytes.
        using var temp = new TempFolder();
        (CommentSet train, CommentSet test) = SyntheticComments.GenerateKaggleLike(EmbeddedDataset.SyntheticTrainRows, EmbeddedDataset.SyntheticSeed);

        JigsawWriter.WriteTrain(train, temp.File("train.csv"));
        JigsawWriter.WriteTest(test, temp.File("test.csv"), temp.File("test_labels.csv"));

        foreach (string file in new[] { "train.csv", "test.csv", "test_labels.csv" })
        {
            Assert.True(File.ReadAllBytes(temp.File(file)).AsSpan().SequenceEqual(EmbeddedDataset.Synthetic.Read(file)), $"{file} differs from the generator's output");
        }
    }

    [Fact]
    public void Generate_ManyRows_LabelRatesAndCoOccurrenceAreJigsawLike()
    {
        CommentSet comments = SyntheticComments.Generate(40_000, 11, "memory");

        double[] rates = comments.LabelCounts().Select(c => (double)c / comments.Count).ToArray();
        // Kaggle's train.csv: toxic 9.6%, severe_toxic 1.0%, obscene 5.3%, threat 0.3%, insult 4.9%, identity_hate 0.9%.
        double[] kaggle = [0.0958, 0.0100, 0.0529, 0.0030, 0.0494, 0.0088];
        for (int label = 0; label < kaggle.Length; label++)
        {
            Assert.InRange(rates[label], kaggle[label] * 0.75, kaggle[label] * 1.25);
        }
        Assert.All(comments.Where(c => c.Labels.HasFlag(ToxicLabels.SevereToxic)), c => Assert.True(c.Labels.HasFlag(ToxicLabels.Toxic)));
    }

    [Fact]
    public void Generate_Text_HasTheQuirksOfRealFiles()
    {
        CommentSet comments = SyntheticComments.Generate(2_000, 5, "memory");

        Assert.Contains(comments, c => c.Text.Contains('\n'));
        Assert.Contains(comments, c => c.Text.Contains('"'));
        Assert.Equal(comments.Count, comments.Select(c => c.Id).Distinct().Count());
        Assert.InRange(comments.Count(c => !c.IsLabelled), 1_700, 1_900);
    }

    [Fact]
    public void GenerateKaggleLike_TestSet_HasUnscoredRowsLikeKaggle()
    {
        (CommentSet train, CommentSet test) = SyntheticComments.GenerateKaggleLike(4_000, 1);

        Assert.Equal(4_000, train.Count);
        Assert.Equal(1_000, test.Count);
        Assert.InRange(test.Count(c => !c.IsScored), 330, 470);
        Assert.DoesNotContain(train, c => test.Any(t => t.Id == c.Id));
    }
}
