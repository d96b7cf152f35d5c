namespace ToxicComments.Evaluation;

/// <summary>
/// The area under the precision-recall curve as scikit-learn's <c>average_precision_score</c>: step-wise, the sum of
/// each threshold's recall gain times its precision, with tied scores as one step (no interpolation).
/// </summary>
/// <remarks>
/// As in scikit-learn, a label with no positives scores 0 (every recall is taken as 1, and the precision at the
/// highest threshold is 0) and counts in the macro average; <see cref="Compute(int[,], double[,])"/> does not exclude it.
/// </remarks>
public static class AveragePrecision
{
    /// <summary>Each label's average precision, in column order, and (<c>Macro</c>) their unweighted mean.</summary>
    public static (IReadOnlyList<double> PerLabel, double Macro) Compute(int[,] labels, double[,] probabilities)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        var perLabel = new double[labels.GetLength(1)];
        for (int j = 0; j < perLabel.Length; j++)
        {
            perLabel[j] = ForLabel(LabelMatrix.Column(labels, j), LabelMatrix.Column(probabilities, j));
        }

        return (perLabel, perLabel.Sum() / perLabel.Length);
    }

    /// <inheritdoc cref="Compute(int[,], double[,])"/>
    public static (IReadOnlyList<double> PerLabel, double Macro) Compute(bool[,] labels, double[,] probabilities) =>
        Compute(LabelMatrix.ToInts(labels), probabilities);

    /// <summary>One label's average precision.</summary>
    public static double ForLabel(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count || labels.Count == 0)
        {
            throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels; need the same, non-zero count.", nameof(scores));
        }

        return BinaryCurve.Build([.. labels], [.. scores]).AveragePrecision();
    }
}
