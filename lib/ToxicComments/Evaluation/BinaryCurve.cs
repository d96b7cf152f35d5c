namespace ToxicComments.Evaluation;

/// <summary>
/// Cumulative true and false positives at each distinct score, highest score first: scikit-learn's
/// <c>_binary_clf_curve</c>. Tied scores form one point, so ties make one step (a diagonal on the ROC curve).
/// </summary>
internal sealed class BinaryCurve
{
    private BinaryCurve(int[] truePositives, int[] falsePositives, double[] thresholds)
    {
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        Thresholds = thresholds;
    }

    /// <summary>Positives with a score at least <see cref="Thresholds"/>[k].</summary>
    public int[] TruePositives { get; }

    /// <summary>Negatives with a score at least <see cref="Thresholds"/>[k].</summary>
    public int[] FalsePositives { get; }

    /// <summary>The distinct scores, decreasing.</summary>
    public double[] Thresholds { get; }

    public int Positives => TruePositives[^1];

    public int Negatives => FalsePositives[^1];

    public static BinaryCurve Build(int[] labels, double[] scores)
    {
        int[] order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        var truePositives = new List<int>();
        var falsePositives = new List<int>();
        var thresholds = new List<double>();
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            tp += labels[i];
            fp += 1 - labels[i];
            if (k == order.Length - 1 || scores[order[k + 1]] != scores[i])
            {
                truePositives.Add(tp);
                falsePositives.Add(fp);
                thresholds.Add(scores[i]);
            }
        }

        return new BinaryCurve([.. truePositives], [.. falsePositives], [.. thresholds]);
    }

    /// <summary>
    /// The area under the ROC curve: scikit-learn's <c>roc_curve</c> (collinear points dropped, (0, 0) prepended)
    /// then <c>auc</c> (the trapezoidal rule), in the same arithmetic. Needs both classes.
    /// </summary>
    public double RocArea()
    {
        (double[] x, double[] y, _) = RocPoints();
        double area = 0;
        for (int m = 1; m < x.Length; m++)
        {
            area += (x[m] - x[m - 1]) * (y[m] + y[m - 1]) / 2.0;
        }

        return area;
    }

    /// <summary>
    /// The points of scikit-learn's <c>roc_curve(drop_intermediate=True)</c>: false and true positive rates, and the
    /// index into <see cref="Thresholds"/> of each point (-1 for the (0, 0) point prepended before every threshold).
    /// </summary>
    public (double[] FalsePositiveRate, double[] TruePositiveRate, int[] Kept) RocPoints()
    {
        int count = TruePositives.Length;
        var kept = new List<int>(count + 1) { -1 };
        for (int k = 0; k < count; k++)
        {
            bool corner = k == 0 || k == count - 1
                || FalsePositives[k + 1] - 2 * FalsePositives[k] + FalsePositives[k - 1] != 0
                || TruePositives[k + 1] - 2 * TruePositives[k] + TruePositives[k - 1] != 0;
            if (corner || count <= 2)
            {
                kept.Add(k);
            }
        }

        double negatives = Negatives, positives = Positives;
        double[] x = kept.Select(k => Fp(k) / negatives).ToArray();
        double[] y = kept.Select(k => Tp(k) / positives).ToArray();
        return (x, y, [.. kept]);
    }

    /// <summary>
    /// scikit-learn's <c>average_precision_score</c>: the sum over thresholds of (recall step) x precision, in
    /// <c>precision_recall_curve</c>'s order. With no positives every recall is 1 (scikit-learn's choice), which gives 0.
    /// </summary>
    public double AveragePrecision()
    {
        (double[] precision, double[] recall) = PrecisionRecallPoints();
        int count = precision.Length;

        // scikit-learn reverses the curve (lowest threshold first), appends precision 1 and recall 0, and returns
        // -sum(diff(recall) * precision[:-1]).
        double sum = 0;
        for (int k = count - 1; k >= 0; k--)
        {
            double nextRecall = k == 0 ? 0.0 : recall[k - 1];
            sum += (nextRecall - recall[k]) * precision[k];
        }

        return -sum;
    }

    /// <summary>
    /// Precision and recall at each of <see cref="Thresholds"/> (highest threshold first), as scikit-learn's
    /// <c>precision_recall_curve</c> computes them before reversing: with no positives every recall is 1.
    /// </summary>
    public (double[] Precision, double[] Recall) PrecisionRecallPoints()
    {
        int count = TruePositives.Length;
        var precision = new double[count];
        var recall = new double[count];
        for (int k = 0; k < count; k++)
        {
            precision[k] = (double)TruePositives[k] / (TruePositives[k] + FalsePositives[k]);
            recall[k] = Positives == 0 ? 1.0 : (double)TruePositives[k] / Positives;
        }

        return (precision, recall);
    }

    private double Fp(int k) => k < 0 ? 0 : FalsePositives[k];

    private double Tp(int k) => k < 0 ? 0 : TruePositives[k];
}
