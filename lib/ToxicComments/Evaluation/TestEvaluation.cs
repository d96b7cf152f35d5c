using System.Globalization;
using System.Text;

namespace ToxicComments.Evaluation;

/// <summary>
/// Every metric of a test set's predicted probabilities against its true labels: the tutorial's report at 0.5, the
/// report at thresholds tuned on the validation set, ROC AUC on probabilities (and the tutorial's ROC AUC on 0/1
/// predictions, labelled as such), average precision, Hamming loss and subset accuracy.
/// </summary>
public sealed class TestEvaluation
{
    private TestEvaluation(IReadOnlyList<string> labels, int rows, ThresholdedScores atHalf, TunedThresholds? tuned, ThresholdedScores? atTuned,
                           RocAucScores rocAuc, RocAucScores tutorialRocAuc, IReadOnlyList<double> averagePrecision, double averagePrecisionMacro)
    {
        Labels = labels;
        Rows = rows;
        AtHalf = atHalf;
        Tuned = tuned;
        AtTuned = atTuned;
        RocAuc = rocAuc;
        TutorialRocAuc = tutorialRocAuc;
        AveragePrecision = averagePrecision;
        AveragePrecisionMacro = averagePrecisionMacro;
    }

    /// <summary>The label names, in column order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>How many comments were evaluated.</summary>
    public int Rows { get; }

    /// <summary>The predictions at 0.5 for every label, as the tutorial makes them.</summary>
    public ThresholdedScores AtHalf { get; }

    /// <summary>The thresholds tuned on the validation set; null when none were given.</summary>
    public TunedThresholds? Tuned { get; }

    /// <summary>The predictions at <see cref="Tuned"/>; null when none were given.</summary>
    public ThresholdedScores? AtTuned { get; }

    /// <summary>ROC AUC on the probabilities: how well each label's scores rank positives above negatives.</summary>
    public RocAucScores RocAuc { get; }

    /// <summary>The tutorial's figure: ROC AUC of the 0/1 predictions at 0.5. Kept for comparison only.</summary>
    public RocAucScores TutorialRocAuc { get; }

    /// <summary>Average precision (area under the precision-recall curve) per label, in column order.</summary>
    public IReadOnlyList<double> AveragePrecision { get; }

    /// <summary>The unweighted mean of <see cref="AveragePrecision"/>.</summary>
    public double AveragePrecisionMacro { get; }

    /// <summary>Evaluates a test set.</summary>
    /// <param name="labels">True labels, rows x labels, 0 or 1.</param>
    /// <param name="probabilities">Predicted probabilities, rows x labels.</param>
    /// <param name="labelNames">Column names; by default Kaggle's six when there are six columns.</param>
    /// <param name="tuned">Thresholds tuned on the validation set (<see cref="ThresholdTuning"/>); never on this set, or the scores flatter.</param>
    public static TestEvaluation Compute(int[,] labels, double[,] probabilities, IReadOnlyList<string>? labelNames = null, TunedThresholds? tuned = null)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, labels.GetLength(1));
        if (tuned is not null && !tuned.PerLabel.Select(t => t.Label).SequenceEqual(names))
        {
            throw new ArgumentException($"the tuned thresholds are for {string.Join(", ", tuned.PerLabel.Select(t => t.Label))}; the labels are {string.Join(", ", names)}.", nameof(tuned));
        }

        double[] half = Enumerable.Repeat(Predictions.DefaultThreshold, names.Count).ToArray();
        int[,] predicted = Predictions.FromProbabilities(probabilities, half);
        ThresholdedScores atHalf = ThresholdedScores.Compute(labels, predicted, half, names);
        ThresholdedScores? atTuned = tuned is null ? null : ThresholdedScores.Compute(labels, tuned.Apply(probabilities), tuned.Thresholds, names);
        (IReadOnlyList<double> averagePrecision, double macro) = Evaluation.AveragePrecision.Compute(labels, probabilities);
        return new TestEvaluation(names, labels.GetLength(0), atHalf, tuned, atTuned,
            Evaluation.RocAuc.Compute(labels, probabilities, names), Evaluation.RocAuc.ComputeOnPredictions(labels, predicted, names),
            averagePrecision, macro);
    }

    /// <summary>The report at 0.5 as scikit-learn prints it, then ROC AUC both ways, then the scores at the tuned thresholds.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Classification report at threshold 0.5 (the tutorial's)\n").Append(AtHalf.Report).Append('\n');
        text.Append(RocAuc).Append('\n').Append(TutorialRocAuc).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"average precision (macro) {AveragePrecisionMacro:F4}\n");
        text.Append(CultureInfo.InvariantCulture, $"at 0.5: Hamming loss {AtHalf.HammingLoss:F4}, subset accuracy {AtHalf.SubsetAccuracy:F4}\n");
        if (AtTuned is not null)
        {
            text.Append("\nClassification report at the thresholds tuned on validation (")
                .Append(string.Join(", ", Labels.Select((label, j) => $"{label} {AtTuned.Thresholds[j].ToString("F3", CultureInfo.InvariantCulture)}")))
                .Append(")\n").Append(AtTuned.Report)
                .Append(CultureInfo.InvariantCulture, $"tuned: Hamming loss {AtTuned.HammingLoss:F4}, subset accuracy {AtTuned.SubsetAccuracy:F4}\n");
        }

        return text.ToString();
    }
}
