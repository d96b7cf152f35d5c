namespace ToxicComments.Data;

/// <summary>The six Jigsaw labels as flags: a comment can carry any combination.</summary>
[Flags]
public enum ToxicLabels : byte
{
    None = 0,
    Toxic = 1 << 0,
    SevereToxic = 1 << 1,
    Obscene = 1 << 2,
    Threat = 1 << 3,
    Insult = 1 << 4,
    IdentityHate = 1 << 5,
}

/// <summary>Label names and order, exactly as Kaggle's files spell them.</summary>
public static class LabelNames
{
    /// <summary>The labels in Kaggle's column order; index <c>i</c> is flag <c>1 &lt;&lt; i</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"];

    /// <summary>How many labels there are (6).</summary>
    public static int Count => All.Count;

    /// <summary>The flag of the label at <paramref name="index"/> in <see cref="All"/>.</summary>
    public static ToxicLabels Flag(int index) => (ToxicLabels)(1 << index);

    /// <summary>Whether <paramref name="labels"/> contains the label at <paramref name="index"/>.</summary>
    public static bool Has(this ToxicLabels labels, int index) => (labels & Flag(index)) != 0;

    /// <summary>Kaggle's names of the labels that are set, e.g. <c>toxic, insult</c>.</summary>
    public static string Describe(this ToxicLabels labels) =>
        labels == ToxicLabels.None
            ? "clean"
            : string.Join(", ", Enumerable.Range(0, Count).Where(i => labels.Has(i)).Select(i => All[i]));
}
