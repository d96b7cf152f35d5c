namespace ToxicComments.Evaluation;

/// <summary>One label's tuned threshold.</summary>
/// <param name="Label">The label's name.</param>
/// <param name="Threshold">Predict the label when its probability is at least this.</param>
/// <param name="ValidationF1">The label's F1 on the validation set at <paramref name="Threshold"/>.</param>
/// <param name="Note">Why the threshold is a fallback rather than tuned (no positives in validation), else null.</param>
public sealed record LabelThreshold(string Label, double Threshold, double ValidationF1, string? Note);
