namespace ToxicComments.Data.Splitting;

/// <summary>How rows are assigned to splits.</summary>
public enum SplitStrategy
{
    /// <summary>A seeded shuffle, identical to scikit-learn's <c>train_test_split</c> with the same seed.</summary>
    Random,

    /// <summary>
    /// Iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011): rarest labels are placed first, so that
    /// every split gets its share of each label. Use it when a label is rare (threat is 0.3% of Kaggle's rows).
    /// </summary>
    IterativeStratified,
}

/// <summary>Options of stage 03, split.</summary>
public sealed record SplitOptions
{
    /// <summary>Share of all rows held out for testing; the tutorial uses 0.2.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>
    /// Share of the remaining rows held out for validation (0 for none). Like calling
    /// <c>train_test_split</c> a second time on the training part.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>The seed; the tutorial uses <c>random_state=42</c>.</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>Random (the tutorial's) or iterative stratification.</summary>
    public SplitStrategy Strategy { get; init; } = SplitStrategy.Random;
}

/// <summary>The result of stage 03: training rows, optional validation rows, test rows.</summary>
public sealed record DatasetSplit(CommentSet Train, CommentSet? Validation, CommentSet Test)
{
    /// <summary>The splits that exist, with their names, in order.</summary>
    public IEnumerable<(string Name, CommentSet Rows)> Parts()
    {
        yield return ("train", Train);
        if (Validation is not null)
        {
            yield return ("validation", Validation);
        }
        yield return ("test", Test);
    }
}
