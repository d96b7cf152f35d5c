using System.Globalization;
using System.Text;

namespace ToxicComments.Evaluation;

/// <summary>What a ROC AUC was computed on.</summary>
public enum RocAucInput
{
    /// <summary>Predicted probabilities (or any scores): the ROC AUC proper.</summary>
    Probabilities,

    /// <summary>
    /// 0/1 predictions after a threshold: the tutorial's figure. The curve has one corner, so this is
    /// (sensitivity + specificity) / 2 at that threshold, not a measure of ranking.
    /// </summary>
    ThresholdedPredictions,
}

/// <summary>Per-label ROC AUC and their macro average over the labels where it is defined.</summary>
public sealed class RocAucScores
{
    internal RocAucScores(RocAucInput input, IReadOnlyList<LabelRocAuc> perLabel)
    {
        Input = input;
        PerLabel = perLabel;
        ExcludedFromMacro = perLabel.Where(s => !s.IsDefined).Select(s => s.Label).ToArray();
        double[] defined = perLabel.Where(s => s.IsDefined).Select(s => s.Value!.Value).ToArray();
        Macro = defined.Length == 0 ? null : defined.Sum() / defined.Length;
    }

    /// <summary>Whether these were computed on probabilities or on thresholded 0/1 predictions.</summary>
    public RocAucInput Input { get; }

    /// <summary>Each label's ROC AUC, in column order.</summary>
    public IReadOnlyList<LabelRocAuc> PerLabel { get; }

    /// <summary>
    /// The mean over the labels whose ROC AUC is defined; null when none is. scikit-learn's
    /// <c>roc_auc_score(average="macro")</c> raises instead when any label has one class; with none excluded the two agree.
    /// </summary>
    public double? Macro { get; }

    /// <summary>The labels left out of <see cref="Macro"/> because their ROC AUC is undefined.</summary>
    public IReadOnlyList<string> ExcludedFromMacro { get; }

    /// <summary>One line per label, then the macro average and what it excludes.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Input == RocAucInput.Probabilities
            ? "ROC AUC (on probabilities)\n"
            : "ROC AUC on thresholded 0/1 predictions (the tutorial's figure, not a ranking measure)\n");
        int width = Math.Max(PerLabel.Count == 0 ? 0 : PerLabel.Max(s => s.Label.Length), "macro".Length);
        foreach (LabelRocAuc score in PerLabel)
        {
            text.Append(score.Label.PadLeft(width)).Append("  ")
                .Append(score.Value is double value ? value.ToString("F4", CultureInfo.InvariantCulture) : "undefined: " + score.UndefinedReason)
                .Append('\n');
        }

        text.Append("macro".PadLeft(width)).Append("  ")
            .Append(Macro is double macro ? macro.ToString("F4", CultureInfo.InvariantCulture) : "undefined");
        if (ExcludedFromMacro.Count > 0)
        {
            text.Append(" (excludes ").Append(string.Join(", ", ExcludedFromMacro)).Append(')');
        }

        return text.Append('\n').ToString();
    }
}
