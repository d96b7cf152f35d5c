using ToxicComments.Data.Filtering;

namespace ToxicComments.Data.Loading;

/// <summary>
/// Finds a data set in Kaggle's layout. A location is the name of an embedded set (<c>jigsaw-sample</c>, the default,
/// or <c>synthetic</c>; null means the default), a folder holding <c>train.csv</c> (and, for Kaggle's test rows,
/// <c>test.csv</c> with <c>test_labels.csv</c>), or a train.csv file itself. A folder that happens to be called like
/// an embedded set is reached with a path: <c>./synthetic</c>.
/// </summary>
public static class JigsawDataset
{
    /// <summary>The training comments, every row.</summary>
    public static CommentSet LoadTrain(string? location) =>
        Embedded(location) is { } set ? set.Train() : JigsawReader.ReadTrain(Resolve(location!, "train.csv"));

    /// <summary>
    /// Stages 01 and 02 in one pass: every row is read and checked, only the rows <paramref name="filter"/> keeps
    /// are decoded and returned (<see cref="CommentSet.SourceRows"/> counts them all).
    /// </summary>
    public static CommentSet LoadTrain(string? location, CommentFilterMode filter)
    {
        Func<ToxicLabels, bool> keep = CommentFilter.Keeps(filter);
        return Embedded(location) is { } set ? set.Train(keep) : JigsawReader.ReadTrain(Resolve(location!, "train.csv"), keep);
    }

    /// <summary>
    /// Whether the location has Kaggle's test files (test.csv and test_labels.csv): the embedded sets do, a folder
    /// may, a train.csv named on its own does not.
    /// </summary>
    public static bool HasTest(string? location) =>
        Embedded(location) is not null
        || (Directory.Exists(location) && File.Exists(Path.Combine(location, "test.csv")) && File.Exists(Path.Combine(location, "test_labels.csv")));

    /// <summary>The test comments with their labels, unscored rows (-1) included as Kaggle ships them.</summary>
    public static CommentSet LoadTest(string? location) =>
        Embedded(location) is { } set
            ? set.Test()
            : JigsawReader.ReadTest(Resolve(location!, "test.csv"), Resolve(location!, "test_labels.csv"));

    /// <summary>The embedded set <paramref name="location"/> names (null: the default), or null for a path.</summary>
    public static EmbeddedDataset? Embedded(string? location) =>
        location is null ? EmbeddedDataset.Default : EmbeddedDataset.Named(location);

    private static string Resolve(string location, string fileName)
    {
        if (File.Exists(location))
        {
            return location;
        }
        if (!Directory.Exists(location))
        {
            throw new DirectoryNotFoundException($"{location}: no such file or folder (nor an embedded data set: {EmbeddedDataset.JigsawSample.Name} or {EmbeddedDataset.Synthetic.Name}).");
        }
        return Path.Combine(location, fileName);
    }
}
