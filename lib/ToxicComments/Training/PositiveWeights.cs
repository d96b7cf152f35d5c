using ToxicComments.Data;

namespace ToxicComments.Training;

/// <summary>How the positive examples of each label are weighted in the loss (see <see cref="PositiveWeights"/>).</summary>
public enum PositiveWeighting
{
    /// <summary>Every example counts the same, as the tutorial.</summary>
    None,

    /// <summary>negatives / positives per label, capped: both sides of each label count equally.</summary>
    Balanced,

    /// <summary>The square root of <see cref="Balanced"/>: rare labels count more, gently.</summary>
    SquareRoot,
}

/// <summary>
/// Weights for the positive examples of each label in the loss (<c>pos_weight</c> of PyTorch's
/// <c>BCEWithLogitsLoss</c>). With few positives (Jigsaw's threat: about 0.3% of comments) a model can
/// score well by never predicting the label; weighting positives by negatives / positives makes both sides count
/// equally. The weight is capped, because a label with a handful of positives would otherwise dominate the loss.
/// </summary>
public static class PositiveWeights
{
    /// <summary>The default cap: positives count at most this many times a negative.</summary>
    public const double DefaultCap = 30;

    /// <summary>
    /// negatives / positives per label in <paramref name="train"/>, raised to <paramref name="power"/> (1: fully
    /// balanced, 0.5: a gentler square root) and capped at <paramref name="cap"/>; 1 for a label with no positives
    /// or no negatives, where there is nothing to balance.
    /// </summary>
    public static double[] Balanced(CommentSet train, double power = 1, double cap = DefaultCap)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(power);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        int[] positives = train.LabelCounts();
        int scored = train.ScoredCount;
        return positives.Select(p => p == 0 || p == scored ? 1.0 : Math.Min(cap, Math.Pow((double)(scored - p) / p, power))).ToArray();
    }

    /// <summary>The weights <paramref name="weighting"/> gives on <paramref name="train"/>; null for none.</summary>
    public static double[]? For(PositiveWeighting weighting, CommentSet train) => weighting switch
    {
        PositiveWeighting.None => null,
        PositiveWeighting.Balanced => Balanced(train),
        PositiveWeighting.SquareRoot => Balanced(train, power: 0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "unknown positive weighting"),
    };
}
