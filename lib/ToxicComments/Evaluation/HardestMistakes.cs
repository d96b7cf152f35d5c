namespace ToxicComments.Evaluation;

/// <summary>
/// The wrong predictions the model was surest of. Reading them is the quickest way to find label noise (comments the
/// annotators missed) and the model's blind spots, which averaged metrics hide.
/// </summary>
public static class HardestMistakes
{
    /// <summary>
    /// The <paramref name="count"/> label cells predicted wrong with the highest <see cref="Mistake.Confidence"/>,
    /// highest first; ties by row, then label, so the list is the same on every run.
    /// </summary>
    /// <param name="labels">True labels, rows x labels, 0 or 1.</param>
    /// <param name="probabilities">Predicted probabilities, rows x labels.</param>
    /// <param name="thresholds">One threshold per label; null for 0.5 everywhere, as the tutorial.</param>
    /// <param name="count">How many to return at most.</param>
    /// <param name="labelNames">Column names; by default Kaggle's six when there are six columns.</param>
    public static IReadOnlyList<Mistake> Find(int[,] labels, double[,] probabilities, IReadOnlyList<double>? thresholds = null,
                                              int count = 10, IReadOnlyList<string>? labelNames = null)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, labels.GetLength(1));
        IReadOnlyList<double> cuts = thresholds ?? Enumerable.Repeat(Predictions.DefaultThreshold, names.Count).ToArray();
        if (cuts.Count != names.Count)
        {
            throw new ArgumentException($"{cuts.Count} thresholds for {names.Count} label columns.", nameof(thresholds));
        }

        var mistakes = new List<Mistake>();
        for (int row = 0; row < labels.GetLength(0); row++)
        {
            for (int label = 0; label < names.Count; label++)
            {
                bool predicted = probabilities[row, label] >= cuts[label];
                bool truth = labels[row, label] == 1;
                if (predicted != truth)
                {
                    mistakes.Add(new Mistake(row, label, names[label], probabilities[row, label], cuts[label], truth));
                }
            }
        }

        return mistakes.OrderByDescending(m => m.Confidence).ThenBy(m => m.Row).ThenBy(m => m.LabelIndex).Take(count).ToArray();
    }
}
