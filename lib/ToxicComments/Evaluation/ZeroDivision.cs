namespace ToxicComments.Evaluation;

/// <summary>
/// What a precision or recall with a zero denominator becomes, as scikit-learn's <c>zero_division</c> argument:
/// no predicted positives (precision) or no true positives (recall, the label's support is 0).
/// </summary>
public enum ZeroDivision
{
    /// <summary>scikit-learn's default, <c>"warn"</c>: 0, and scikit-learn warns (here nothing is printed).</summary>
    Warn,

    /// <summary><c>zero_division=0</c>.</summary>
    Zero,

    /// <summary><c>zero_division=1</c>.</summary>
    One,
}
