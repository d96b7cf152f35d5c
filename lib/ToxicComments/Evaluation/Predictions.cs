namespace ToxicComments.Evaluation;

/// <summary>0/1 predictions from probabilities: a label is predicted when its probability is at least its threshold.</summary>
/// <remarks>
/// "At least" (<c>&gt;=</c>) is scikit-learn's convention for the thresholds of <c>roc_curve</c> and
/// <c>precision_recall_curve</c>, so a threshold found by <see cref="ThresholdTuning"/> predicts what the curve says.
/// </remarks>
public static class Predictions
{
    /// <summary>The default threshold, the tutorial's 0.5.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>1 where <paramref name="probabilities"/> is at least <paramref name="threshold"/>, else 0; the same threshold for every label.</summary>
    public static int[,] FromProbabilities(double[,] probabilities, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return FromProbabilities(probabilities, Enumerable.Repeat(threshold, probabilities.GetLength(1)).ToArray());
    }

    /// <summary>1 where <paramref name="probabilities"/> is at least the label's threshold, else 0.</summary>
    public static int[,] FromProbabilities(double[,] probabilities, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(thresholds);
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        int rows = probabilities.GetLength(0), columns = probabilities.GetLength(1);
        if (thresholds.Count != columns)
        {
            throw new ArgumentException($"{thresholds.Count} thresholds for {columns} label columns.", nameof(thresholds));
        }

        var predictions = new int[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                predictions[i, j] = probabilities[i, j] >= thresholds[j] ? 1 : 0;
            }
        }

        return predictions;
    }
}
