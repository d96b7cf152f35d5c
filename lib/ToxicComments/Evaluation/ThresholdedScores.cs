namespace ToxicComments.Evaluation;

/// <summary>What the 0/1 predictions at one set of thresholds score.</summary>
/// <param name="Thresholds">The threshold of each label.</param>
/// <param name="Report">Precision, recall, F1 and support per label and averaged.</param>
/// <param name="HammingLoss">The share of label cells predicted wrong.</param>
/// <param name="SubsetAccuracy">The share of comments with every label right.</param>
public sealed record ThresholdedScores(IReadOnlyList<double> Thresholds, ClassificationReport Report, double HammingLoss, double SubsetAccuracy)
{
    /// <summary>Scores <paramref name="predictions"/> (made with <paramref name="thresholds"/>) against <paramref name="labels"/>.</summary>
    public static ThresholdedScores Compute(int[,] labels, int[,] predictions, IReadOnlyList<double> thresholds, IReadOnlyList<string> labelNames) =>
        new(thresholds,
            ClassificationReport.Compute(labels, predictions, labelNames),
            Evaluation.HammingLoss.Compute(labels, predictions),
            Evaluation.SubsetAccuracy.Compute(labels, predictions));
}
