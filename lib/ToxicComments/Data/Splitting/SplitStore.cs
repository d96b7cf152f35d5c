using ToxicComments.Data.Loading;

namespace ToxicComments.Data.Splitting;

/// <summary>
/// Saves a split as Kaggle-layout CSV files (<c>train.csv</c>, <c>validation.csv</c>, <c>test.csv</c>, each
/// with the six label columns) so that the next stage, notebook or tool can start from it.
/// </summary>
public static class SplitStore
{
    /// <summary>Writes each split to <paramref name="folder"/>, replacing files atomically.</summary>
    /// <returns>The paths written, by split name.</returns>
    public static IReadOnlyDictionary<string, string> Save(DatasetSplit split, string folder)
    {
        var written = new Dictionary<string, string>();
        string stale = Path.Combine(folder, "validation.csv");
        foreach ((string name, CommentSet rows) in split.Parts())
        {
            string path = Path.Combine(folder, $"{name}.csv");
            JigsawWriter.WriteTrain(rows, path);
            written[name] = path;
        }
        // A validation file from an earlier run would otherwise be read back as part of this split.
        if (split.Validation is null && File.Exists(stale))
        {
            File.Delete(stale);
        }
        return written;
    }

    /// <summary>Reads a split saved by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder lacks train.csv or test.csv.</exception>
    public static DatasetSplit Load(string folder)
    {
        string validation = Path.Combine(folder, "validation.csv");
        return new DatasetSplit(
            JigsawReader.ReadTrain(Path.Combine(folder, "train.csv")),
            File.Exists(validation) ? JigsawReader.ReadTrain(validation) : null,
            JigsawReader.ReadTrain(Path.Combine(folder, "test.csv")));
    }
}
