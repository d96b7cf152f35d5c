namespace ToxicComments.Evaluation;

/// <summary>One label's confusion matrix: the four counts the label's precision and recall come from.</summary>
/// <param name="Label">The label's name.</param>
/// <param name="TruePositives">Carried and predicted.</param>
/// <param name="FalsePositives">Predicted, not carried.</param>
/// <param name="FalseNegatives">Carried, missed.</param>
/// <param name="TrueNegatives">Neither.</param>
public sealed record LabelConfusion(string Label, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>Each label's counts of 0/1 <paramref name="predictions"/> against <paramref name="labels"/>, in column order.</summary>
    public static IReadOnlyList<LabelConfusion> Compute(int[,] labels, int[,] predictions, IReadOnlyList<string>? labelNames = null)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckBinary(predictions, nameof(predictions));
        LabelMatrix.CheckSameShape(labels, predictions, nameof(predictions));
        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, labels.GetLength(1));
        var result = new LabelConfusion[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            // counts[truth * 2 + predicted]: TN, FP, FN, TP.
            var counts = new int[4];
            for (int i = 0; i < labels.GetLength(0); i++)
            {
                counts[(labels[i, j] * 2) + predictions[i, j]]++;
            }

            result[j] = new LabelConfusion(names[j], counts[3], counts[1], counts[2], counts[0]);
        }

        return result;
    }
}
