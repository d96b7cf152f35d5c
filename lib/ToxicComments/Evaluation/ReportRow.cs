namespace ToxicComments.Evaluation;

/// <summary>One named row of a <see cref="ClassificationReport"/>: a label's scores or an average's.</summary>
/// <param name="Name">The label, or <c>micro avg</c>, <c>macro avg</c>, <c>weighted avg</c>, <c>samples avg</c>.</param>
/// <param name="Precision">True positives over predicted positives.</param>
/// <param name="Recall">True positives over actual positives.</param>
/// <param name="F1">The harmonic mean of precision and recall.</param>
/// <param name="Support">Actual positives.</param>
public sealed record ReportRow(string Name, double Precision, double Recall, double F1, int Support)
{
    internal static ReportRow Of(string name, PrecisionRecallF1 scores) => new(name, scores.Precision, scores.Recall, scores.F1, scores.Support);
}
