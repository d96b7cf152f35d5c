namespace ToxicComments.Evaluation;

/// <summary>One row of a <see cref="ClassificationReport"/>: a label's scores, or an average's.</summary>
/// <param name="Precision">True positives over predicted positives.</param>
/// <param name="Recall">True positives over actual positives.</param>
/// <param name="F1">The harmonic mean of precision and recall, 0 when both are 0.</param>
/// <param name="Support">How many actual positives (for an average row: summed over the labels, as scikit-learn does).</param>
public readonly record struct PrecisionRecallF1(double Precision, double Recall, double F1, int Support);
