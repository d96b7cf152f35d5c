using ToxicComments.Data.Filtering;

namespace ToxicComments.Data.Loading;

/// <summary>Finds Kaggle's files in a folder, or falls back to the embedded default when none is given.</summary>
public static class JigsawDataset
{
    /// <summary>
    /// The training comments: <paramref name="location"/> is a folder holding <c>train.csv</c>, or the file
    /// itself; <c>null</c> means the embedded synthetic set.
    /// </summary>
    public static CommentSet LoadTrain(string? location) =>
        location is null ? EmbeddedDataset.Train() : JigsawReader.ReadTrain(Resolve(location, "train.csv"));

    /// <summary>
    /// Stages 01 and 02 in one pass: every row is read and checked, only the rows <paramref name="filter"/> keeps
    /// are decoded and returned (<see cref="CommentSet.SourceRows"/> counts them all).
    /// </summary>
    public static CommentSet LoadTrain(string? location, CommentFilterMode filter)
    {
        Func<ToxicLabels, bool> keep = CommentFilter.Keeps(filter);
        return location is null ? EmbeddedDataset.Train(keep) : JigsawReader.ReadTrain(Resolve(location, "train.csv"), keep);
    }

    /// <summary>
    /// The test comments with their labels: <paramref name="folder"/> holds <c>test.csv</c> and
    /// <c>test_labels.csv</c>; <c>null</c> means the embedded synthetic set.
    /// </summary>
    public static CommentSet LoadTest(string? folder) =>
        folder is null
            ? EmbeddedDataset.Test()
            : JigsawReader.ReadTest(Resolve(folder, "test.csv"), Resolve(folder, "test_labels.csv"));

    private static string Resolve(string location, string fileName)
    {
        if (File.Exists(location))
        {
            return location;
        }
        if (!Directory.Exists(location))
        {
            throw new DirectoryNotFoundException($"{location}: no such file or folder.");
        }
        return Path.Combine(location, fileName);
    }
}
