namespace ToxicComments.Data.Splitting;

/// <summary>Stage 03: splits comments into train, optional validation, and test rows.</summary>
public static class DatasetSplitter
{
    /// <summary>Splits <paramref name="comments"/>; the same options and rows always give the same split.</summary>
    /// <exception cref="ArgumentException">The fractions leave a split empty.</exception>
    public static DatasetSplit Split(CommentSet comments, SplitOptions options)
    {
        CheckFraction(options.TestFraction, nameof(options.TestFraction), allowZero: false);
        CheckFraction(options.ValidationFraction, nameof(options.ValidationFraction), allowZero: true);
        return options.Strategy switch
        {
            SplitStrategy.Random => SplitRandomly(comments, options),
            SplitStrategy.IterativeStratified => SplitStratified(comments, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "unknown split strategy"),
        };
    }

    /// <summary>
    /// scikit-learn's <c>ShuffleSplit</c> arithmetic: <c>n_test = ceil(fraction * n)</c>; the first
    /// <c>n_test</c> indices of a seeded permutation are the test rows, the rest the training rows (in that order).
    /// </summary>
    public static (int[] Train, int[] Test) TrainTestIndices(int count, double testFraction, uint seed)
    {
        int testCount = (int)Math.Ceiling(testFraction * count);
        if (testCount == 0 || testCount >= count)
        {
            throw new ArgumentException(
                $"a test fraction of {testFraction} of {count} rows leaves {(testCount == 0 ? "the test split" : "the training split")} empty.");
        }
        int[] permutation = new NumpyRandomState(seed).Permutation(count);
        return (permutation[testCount..], permutation[..testCount]);
    }

    private static DatasetSplit SplitRandomly(CommentSet comments, SplitOptions options)
    {
        (int[] train, int[] test) = TrainTestIndices(comments.Count, options.TestFraction, options.Seed);
        int[]? validation = null;
        if (options.ValidationFraction > 0)
        {
            (int[] inner, int[] held) = TrainTestIndices(train.Length, options.ValidationFraction, options.Seed);
            validation = held.Select(i => train[i]).ToArray();
            train = inner.Select(i => train[i]).ToArray();
        }
        return Build(comments, train, validation, test);
    }

    private static DatasetSplit SplitStratified(CommentSet comments, SplitOptions options)
    {
        double test = options.TestFraction;
        double validation = (1 - test) * options.ValidationFraction;
        double[] fractions = [1 - test - validation, validation, test];
        int[] fold = IterativeStratifier.Assign(comments, fractions, options.Seed);
        int[] Fold(int which) => Enumerable.Range(0, fold.Length).Where(i => fold[i] == which).ToArray();
        return Build(comments, Fold(0), options.ValidationFraction > 0 ? Fold(1) : null, Fold(2));
    }

    private static DatasetSplit Build(CommentSet comments, int[] train, int[]? validation, int[] test) => new(
        comments.Select(train, $"{comments.Source} [train]"),
        validation is null ? null : comments.Select(validation, $"{comments.Source} [validation]"),
        comments.Select(test, $"{comments.Source} [test]"));

    private static void CheckFraction(double value, string name, bool allowZero)
    {
        if (double.IsNaN(value) || value < 0 || value >= 1 || (!allowZero && value == 0))
        {
            throw new ArgumentException($"{name} must be in {(allowZero ? "[0, 1)" : "(0, 1)")}, not {value}.", name);
        }
    }
}
