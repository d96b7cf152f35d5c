namespace ToxicComments.Data.Filtering;

/// <summary>Which comments a training run learns from.</summary>
public enum CommentFilterMode
{
    /// <summary>
    /// The tutorial's choice: only comments with at least one label (16,225 of Kaggle's 159,571). Training is
    /// ten times shorter, but the model never sees a clean comment, so it calls almost everything toxic.
    /// </summary>
    LabelledOnly,

    /// <summary>Every scored comment, clean ones included: what a moderation model in production needs.</summary>
    All,
}

/// <summary>Stage 02: chooses the comments to learn from.</summary>
public static class CommentFilter
{
    /// <summary>The tutorial's default, <see cref="CommentFilterMode.LabelledOnly"/>.</summary>
    public const CommentFilterMode Default = CommentFilterMode.LabelledOnly;

    /// <summary>Whether <paramref name="mode"/> keeps a scored comment with these labels; for filtering while reading.</summary>
    public static Func<ToxicLabels, bool> Keeps(CommentFilterMode mode) => mode switch
    {
        CommentFilterMode.LabelledOnly => labels => labels != ToxicLabels.None,
        CommentFilterMode.All => _ => true,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown filter mode"),
    };

    /// <summary>The scored comments that <paramref name="mode"/> keeps, in their original order: <see cref="Keeps"/>'s rule.</summary>
    public static CommentSet Apply(CommentSet comments, CommentFilterMode mode = Default)
    {
        Func<ToxicLabels, bool> keeps = Keeps(mode);
        string kept = mode == CommentFilterMode.LabelledOnly ? "labelled only" : "all scored";
        return comments.Where(c => c.IsScored && keeps(c.Labels), $"{comments.Source} ({kept})");
    }
}
