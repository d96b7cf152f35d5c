namespace ToxicComments.Evaluation;

/// <summary>
/// Per-label ROC AUC as scikit-learn's <c>roc_auc_score</c>: the trapezoidal area under the ROC curve built from the
/// distinct scores, so tied scores form one (diagonal) step. A label whose true values are all 0 or all 1 has no ROC
/// AUC: it is reported undefined with the reason, and left out of the macro average (scikit-learn raises instead).
/// </summary>
public static class RocAuc
{
    /// <summary>ROC AUC of each label's <paramref name="probabilities"/> against its 0/1 <paramref name="labels"/>.</summary>
    public static RocAucScores Compute(int[,] labels, double[,] probabilities, IReadOnlyList<string>? labelNames = null)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, labels.GetLength(1));
        var perLabel = new LabelRocAuc[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            perLabel[j] = ForLabel(names[j], LabelMatrix.Column(labels, j), LabelMatrix.Column(probabilities, j));
        }

        return new RocAucScores(RocAucInput.Probabilities, perLabel);
    }

    /// <inheritdoc cref="Compute(int[,], double[,], IReadOnlyList{string}?)"/>
    public static RocAucScores Compute(bool[,] labels, double[,] probabilities, IReadOnlyList<string>? labelNames = null) =>
        Compute(LabelMatrix.ToInts(labels), probabilities, labelNames);

    /// <summary>
    /// The tutorial's figure: ROC AUC computed on thresholded 0/1 <paramref name="predictions"/> instead of probabilities.
    /// Kept to compare with the tutorial; the result says <see cref="RocAucInput.ThresholdedPredictions"/>.
    /// </summary>
    public static RocAucScores ComputeOnPredictions(int[,] labels, int[,] predictions, IReadOnlyList<string>? labelNames = null)
    {
        LabelMatrix.CheckBinary(predictions, nameof(predictions));
        LabelMatrix.CheckSameShape(labels, predictions, nameof(predictions));
        var scores = new double[predictions.GetLength(0), predictions.GetLength(1)];
        for (int i = 0; i < scores.GetLength(0); i++)
        {
            for (int j = 0; j < scores.GetLength(1); j++)
            {
                scores[i, j] = predictions[i, j];
            }
        }

        RocAucScores result = Compute(labels, scores, labelNames);
        return new RocAucScores(RocAucInput.ThresholdedPredictions, result.PerLabel);
    }

    /// <summary>One label's ROC AUC; null (with the reason) when its true values hold one class only.</summary>
    public static LabelRocAuc ForLabel(string label, IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels.", nameof(scores));
        }

        int positives = labels.Count(v => v == 1);
        if (positives == 0 || positives == labels.Count)
        {
            string only = positives == 0 ? "0 (no positives)" : "1 (no negatives)";
            return new LabelRocAuc(label, null, $"only one class in the true labels: all {labels.Count} are {only}");
        }

        return new LabelRocAuc(label, BinaryCurve.Build([.. labels], [.. scores]).RocArea(), null);
    }
}
