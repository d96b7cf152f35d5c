namespace ToxicComments.Evaluation;

/// <summary>A ROC curve: the false and true positive rates as the threshold falls, one point per kept threshold.</summary>
/// <param name="FalsePositiveRate">x, from 0 to 1.</param>
/// <param name="TruePositiveRate">y, from 0 to 1.</param>
/// <param name="Thresholds">
/// The threshold of each point, decreasing; the first, for the (0, 0) point, is the highest score + 1 as in
/// scikit-learn 1.2 (later versions write infinity there).
/// </param>
public sealed record RocCurve(IReadOnlyList<double> FalsePositiveRate, IReadOnlyList<double> TruePositiveRate, IReadOnlyList<double> Thresholds);

/// <summary>A precision-recall curve, lowest threshold first, ending at (recall 0, precision 1) as scikit-learn's does.</summary>
/// <param name="Precision">One more value than <paramref name="Thresholds"/>: the last is 1.</param>
/// <param name="Recall">One more value than <paramref name="Thresholds"/>: the last is 0.</param>
/// <param name="Thresholds">The distinct scores, increasing.</param>
public sealed record PrecisionRecallCurve(IReadOnlyList<double> Precision, IReadOnlyList<double> Recall, IReadOnlyList<double> Thresholds);

/// <summary>
/// The curves behind <see cref="RocAuc"/> and <see cref="AveragePrecision"/>, point for point what scikit-learn 1.2's
/// <c>roc_curve</c> and <c>precision_recall_curve</c> return, so that a chart shows exactly the area that is reported.
/// </summary>
public static class Curves
{
    /// <summary>The ROC curve of one label; null when its true values hold one class only (one rate would be 0/0).</summary>
    public static RocCurve? Roc(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        BinaryCurve curve = Build(labels, scores);
        if (curve.Positives == 0 || curve.Negatives == 0)
        {
            return null;
        }

        (double[] x, double[] y, int[] kept) = curve.RocPoints();
        double[] thresholds = kept.Select(k => k < 0 ? curve.Thresholds[0] + 1 : curve.Thresholds[k]).ToArray();
        return new RocCurve(x, y, thresholds);
    }

    /// <summary>The precision-recall curve of one label (with no positives, every recall is 1, as in scikit-learn).</summary>
    public static PrecisionRecallCurve PrecisionRecall(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        BinaryCurve curve = Build(labels, scores);
        (double[] precision, double[] recall) = curve.PrecisionRecallPoints();
        return new PrecisionRecallCurve(
            [.. precision.Reverse(), 1.0],
            [.. recall.Reverse(), 0.0],
            [.. curve.Thresholds.Reverse()]);
    }

    /// <summary>Column <paramref name="label"/> of a rows x labels matrix of 0/1 labels.</summary>
    public static int[] Column(int[,] labels, int label) => LabelMatrix.Column(labels, label);

    /// <summary>Column <paramref name="label"/> of a rows x labels matrix of scores.</summary>
    public static double[] Column(double[,] scores, int label) => LabelMatrix.Column(scores, label);

    private static BinaryCurve Build(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count || labels.Count == 0)
        {
            throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels; need the same, non-zero count.", nameof(scores));
        }
        if (labels.Any(v => v is not (0 or 1)) || scores.Any(s => !double.IsFinite(s)))
        {
            throw new ArgumentException("labels must be 0 or 1 and scores finite.", nameof(labels));
        }

        return BinaryCurve.Build([.. labels], [.. scores]);
    }
}
