namespace ToxicComments.Evaluation;

/// <summary>One label's ROC AUC, or why it has none.</summary>
/// <param name="Label">The label's name.</param>
/// <param name="Value">The area under the ROC curve; null when it is undefined.</param>
/// <param name="UndefinedReason">Why <paramref name="Value"/> is null (only one class in the true labels), else null.</param>
public sealed record LabelRocAuc(string Label, double? Value, string? UndefinedReason)
{
    /// <summary>Whether the label has a ROC AUC.</summary>
    public bool IsDefined => Value.HasValue;
}
