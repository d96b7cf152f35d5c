namespace ToxicComments.Evaluation;

/// <summary>One label of one comment predicted wrong.</summary>
/// <param name="Row">The comment's row in the evaluated set.</param>
/// <param name="LabelIndex">The label's column.</param>
/// <param name="Label">The label's name.</param>
/// <param name="Probability">The predicted probability of the label.</param>
/// <param name="Threshold">The threshold the prediction was made with.</param>
/// <param name="Truth">Whether the comment really carries the label.</param>
public sealed record Mistake(int Row, int LabelIndex, string Label, double Probability, double Threshold, bool Truth)
{
    /// <summary>How sure the model was of the wrong answer: the probability it gave to it (1 - p for a missed label).</summary>
    public double Confidence => Truth ? 1 - Probability : Probability;

    /// <summary><c>false positive</c> (predicted, not there) or <c>false negative</c> (there, missed).</summary>
    public string Kind => Truth ? "false negative" : "false positive";
}
