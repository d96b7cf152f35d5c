namespace ToxicComments.Evaluation;

/// <summary>A threshold per label, tuned on a validation set by <see cref="ThresholdTuning"/>.</summary>
public sealed class TunedThresholds
{
    internal TunedThresholds(IReadOnlyList<LabelThreshold> perLabel)
    {
        PerLabel = perLabel;
        Thresholds = perLabel.Select(t => t.Threshold).ToArray();
    }

    /// <summary>Each label's threshold and validation F1, in column order.</summary>
    public IReadOnlyList<LabelThreshold> PerLabel { get; }

    /// <summary>The thresholds alone, in column order.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>0/1 predictions of <paramref name="probabilities"/> (e.g. the test set's) with these thresholds.</summary>
    public int[,] Apply(double[,] probabilities) => Predictions.FromProbabilities(probabilities, Thresholds);
}
