using Microsoft.Data.Analysis;

namespace ToxicComments.Evaluation;

/// <summary>The tables of stage 07 as <see cref="DataFrame"/>s, which notebooks show as HTML tables.</summary>
public static class EvaluationFrames
{
    /// <summary>The classification report, one row per label then the four averages, with each label's threshold.</summary>
    public static DataFrame Report(ThresholdedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        IReadOnlyList<ReportRow> rows = scores.Report.Rows();
        return new DataFrame(
            new StringDataFrameColumn("", rows.Select(r => r.Name)),
            new DoubleDataFrameColumn("threshold", rows.Select((_, i) => i < scores.Thresholds.Count ? scores.Thresholds[i] : (double?)null)),
            new DoubleDataFrameColumn("precision", rows.Select(r => r.Precision)),
            new DoubleDataFrameColumn("recall", rows.Select(r => r.Recall)),
            new DoubleDataFrameColumn("f1-score", rows.Select(r => r.F1)),
            new Int32DataFrameColumn("support", rows.Select(r => r.Support)));
    }

    /// <summary>ROC AUC per label and macro: on the probabilities, and the tutorial's on the 0/1 predictions at 0.5; empty where undefined.</summary>
    public static DataFrame RocAuc(TestEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new DataFrame(
            new StringDataFrameColumn("label", [.. evaluation.Labels, "macro"]),
            new DoubleDataFrameColumn("on probabilities", [.. evaluation.RocAuc.PerLabel.Select(s => s.Value), evaluation.RocAuc.Macro]),
            new DoubleDataFrameColumn("on 0/1 predictions at 0.5 (tutorial)", [.. evaluation.TutorialRocAuc.PerLabel.Select(s => s.Value), evaluation.TutorialRocAuc.Macro]),
            new StringDataFrameColumn("undefined because", [.. evaluation.RocAuc.PerLabel.Select(s => s.UndefinedReason ?? ""), string.Join(", ", evaluation.RocAuc.ExcludedFromMacro.Select(l => l + " left out"))]));
    }

    /// <summary>Each label's confusion counts.</summary>
    public static DataFrame Confusion(IReadOnlyList<LabelConfusion> confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return new DataFrame(
            new StringDataFrameColumn("label", confusion.Select(c => c.Label)),
            new Int32DataFrameColumn("caught (TP)", confusion.Select(c => c.TruePositives)),
            new Int32DataFrameColumn("missed (FN)", confusion.Select(c => c.FalseNegatives)),
            new Int32DataFrameColumn("wrongly flagged (FP)", confusion.Select(c => c.FalsePositives)),
            new Int32DataFrameColumn("rightly left (TN)", confusion.Select(c => c.TrueNegatives)));
    }
}
