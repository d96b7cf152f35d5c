namespace ToxicComments.Data;

/// <summary>One row of a Jigsaw file.</summary>
/// <param name="Id">Kaggle's row id, e.g. <c>0000997932d777bf</c>.</param>
/// <param name="Text">The comment, with its line breaks and quotes as written.</param>
/// <param name="Labels">The labels that are set.</param>
/// <param name="IsScored">
/// False for test rows that Kaggle did not score (<c>-1</c> in every column of test_labels.csv);
/// their <paramref name="Labels"/> are <see cref="ToxicLabels.None"/> and mean nothing.
/// </param>
public readonly record struct Comment(string Id, string Text, ToxicLabels Labels, bool IsScored = true)
{
    /// <summary>Whether any of the six labels is set.</summary>
    public bool IsLabelled => Labels != ToxicLabels.None;
}
