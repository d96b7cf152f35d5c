using ToxicComments.Data.Filtering;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Pipeline;

/// <summary>
/// A named set of every choice a run makes, from the filter to the soup, so that the notebooks, <c>toxic run</c> and
/// bench/quality say which they use and mean the same thing by it. <see cref="Recommended"/> is the default;
/// <see cref="Tutorial"/> reproduces the Python tutorial's run.
/// </summary>
/// <param name="Name">How <c>--recipe</c> and the notebooks name it.</param>
/// <param name="Filter">Stage 02's filter.</param>
/// <param name="Split">
/// Stage 03's split. Where the data has Kaggle's scored test rows they are the test split, and
/// <see cref="SplitOptions.ValidationFraction"/> of train.csv is the validation split; otherwise train.csv is split
/// into all three.
/// </param>
/// <param name="FineTune">Stage 05's settings.</param>
public sealed record Recipe(string Name, CommentFilterMode Filter, SplitOptions Split, FineTuneSettings FineTune)
{
    /// <summary>
    /// The Python tutorial's run: labelled comments only, scikit-learn's random split with <c>random_state=42</c>, and
    /// <see cref="FineTuneSettings.Tutorial"/>. A tenth of the training rows is held out for validation (the tutorial
    /// has none), so that the loss chart has its second curve and the best epoch is chosen on unseen comments.
    /// </summary>
    public static Recipe Tutorial { get; } = new(
        "tutorial",
        CommentFilterMode.LabelledOnly,
        new SplitOptions { TestFraction = 0.2, ValidationFraction = 0.1, Seed = 42, Strategy = SplitStrategy.Random },
        FineTuneSettings.Tutorial);

    /// <summary>
    /// The default: every comment, clean ones included (a model that never saw one flags them: notebook 02 shows it),
    /// a split by iterative stratification so that each part gets its share of the rare labels, and
    /// <see cref="FineTuneSettings.Recommended"/>.
    /// </summary>
    public static Recipe Recommended { get; } = new(
        "recommended",
        CommentFilterMode.All,
        new SplitOptions { TestFraction = 0.2, ValidationFraction = 0.1, Seed = 42, Strategy = SplitStrategy.IterativeStratified },
        FineTuneSettings.Recommended);

    /// <summary>The recipe a run uses when none is named.</summary>
    public static Recipe Default => Recommended;

    /// <summary>Every named recipe.</summary>
    public static IReadOnlyList<Recipe> All { get; } = [Recommended, Tutorial];

    /// <summary>The recipe called <paramref name="name"/> (in any case), or null when none is.</summary>
    public static Recipe? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No recipe has that name.</exception>
    public static Recipe Named(string name) =>
        Find(name) ?? throw new ArgumentException($"no recipe '{name}': {string.Join(" or ", All.Select(r => r.Name))}.", nameof(name));

    /// <inheritdoc/>
    public override string ToString() => Name;
}
