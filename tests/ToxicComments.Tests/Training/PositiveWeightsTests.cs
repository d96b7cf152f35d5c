using ToxicComments.Data;
using ToxicComments.Training;

namespace ToxicComments.Tests.Training;

public sealed class PositiveWeightsTests
{
    private static CommentSet Rows(params ToxicLabels[] labels) =>
        new(labels.Select((l, i) => new Comment($"c{i}", "text", l)).ToArray(), "memory");

    [Fact]
    public void Balanced_NegativesOverPositives_CappedAndOneWithoutPositives()
    {
        // toxic: 1 of 4 positive (3 negatives); insult: 1 of 4; the rest none.
        CommentSet rows = Rows(ToxicLabels.Toxic, ToxicLabels.Insult, ToxicLabels.None, ToxicLabels.None);

        double[] weights = PositiveWeights.Balanced(rows);
        double[] capped = PositiveWeights.Balanced(rows, cap: 2);

        Assert.Equal([3, 1, 1, 1, 3, 1], weights);
        Assert.Equal([2, 1, 1, 1, 2, 1], capped);
    }

    [Fact]
    public void Balanced_ALabelOnEveryRow_WeighsItOne()
    {
        // Nothing to balance: the old formula gave 0 negatives / 2 positives = 0, which training then refused,
        // naming a setting (PositiveWeights) the user never gave.
        CommentSet rows = Rows(ToxicLabels.Toxic, ToxicLabels.Toxic | ToxicLabels.Insult);

        double[] weights = PositiveWeights.Balanced(rows, power: 0.5);

        Assert.Equal([1, 1, 1, 1, 1, 1], weights);
        new TrainingOptions { PositiveWeights = weights }.Validate();
    }

    [Fact]
    public void For_EachWeighting()
    {
        CommentSet rows = Rows(ToxicLabels.Toxic, ToxicLabels.None, ToxicLabels.None, ToxicLabels.None, ToxicLabels.None);

        Assert.Null(PositiveWeights.For(PositiveWeighting.None, rows));
        Assert.Equal(4, PositiveWeights.For(PositiveWeighting.Balanced, rows)![0]);
        Assert.Equal(2, PositiveWeights.For(PositiveWeighting.SquareRoot, rows)![0]);
    }
}
