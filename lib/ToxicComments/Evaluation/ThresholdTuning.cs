namespace ToxicComments.Evaluation;

/// <summary>
/// Per-label thresholds that maximise F1 on a validation set, to apply to the test set's probabilities.
/// </summary>
/// <remarks>
/// The candidates are the distinct validation probabilities of the label (a threshold between two of them predicts
/// the same as the higher one). F1 is compared exactly, as 2·TP / (predicted + actual) in integers; of equal F1 the
/// higher threshold wins, which predicts fewer positives. A label with no positives in the validation set has F1 0
/// at every threshold: it gets the <c>fallback</c> threshold and a note instead.
/// </remarks>
public static class ThresholdTuning
{
    /// <summary>The F1-maximising threshold of each label of <paramref name="probabilities"/> against <paramref name="labels"/>.</summary>
    /// <param name="labels">The validation set's true labels, 0 or 1.</param>
    /// <param name="probabilities">The validation set's predicted probabilities.</param>
    /// <param name="labelNames">Column names; by default Kaggle's six when there are six columns.</param>
    /// <param name="fallback">The threshold of a label with no positives in the validation set.</param>
    public static TunedThresholds Tune(int[,] labels, double[,] probabilities, IReadOnlyList<string>? labelNames = null,
        double fallback = Predictions.DefaultThreshold)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        if (labels.GetLength(0) == 0)
        {
            throw new ArgumentException("The validation set has no rows.", nameof(labels));
        }

        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, labels.GetLength(1));
        var perLabel = new LabelThreshold[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            BinaryCurve curve = BinaryCurve.Build(LabelMatrix.Column(labels, j), LabelMatrix.Column(probabilities, j));
            if (curve.Positives == 0)
            {
                perLabel[j] = new LabelThreshold(names[j], fallback, 0, "no positives in the validation set: F1 is 0 at every threshold");
                continue;
            }

            // The curve runs from the highest threshold down, so only a strictly better F1 replaces the best:
            // ties keep the higher threshold.
            int best = 0;
            for (int k = 1; k < curve.Thresholds.Length; k++)
            {
                if (F1Numerator(curve, k) * F1Denominator(curve, best) > F1Numerator(curve, best) * F1Denominator(curve, k))
                {
                    best = k;
                }
            }

            perLabel[j] = new LabelThreshold(names[j], curve.Thresholds[best],
                (double)F1Numerator(curve, best) / F1Denominator(curve, best), null);
        }

        return new TunedThresholds(perLabel);
    }

    /// <inheritdoc cref="Tune(int[,], double[,], IReadOnlyList{string}?, double)"/>
    public static TunedThresholds Tune(bool[,] labels, double[,] probabilities, IReadOnlyList<string>? labelNames = null,
        double fallback = Predictions.DefaultThreshold) =>
        Tune(LabelMatrix.ToInts(labels), probabilities, labelNames, fallback);

    private static long F1Numerator(BinaryCurve curve, int k) => 2L * curve.TruePositives[k];

    private static long F1Denominator(BinaryCurve curve, int k) =>
        (long)curve.TruePositives[k] + curve.FalsePositives[k] + curve.Positives;
}
