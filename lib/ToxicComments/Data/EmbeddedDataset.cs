using System.Reflection;
using ToxicComments.Data.Loading;

namespace ToxicComments.Data;

/// <summary>
/// The default data set every stage uses when no path is given: a small synthetic set in Kaggle's layout
/// (train.csv, test.csv, test_labels.csv), made by <c>toxic data synth</c> and compiled into this library so that
/// it works from any folder with no download. data/README.md in the repository says how it was made.
/// </summary>
public static class EmbeddedDataset
{
    /// <summary>The rows of the embedded train.csv as the generator was called for them.</summary>
    public const int TrainRows = 4000;

    /// <summary>The seed the embedded files were generated with.</summary>
    public const uint Seed = 7;

    /// <summary>How messages and run metadata name the embedded files.</summary>
    public const string SourcePrefix = "embedded:synthetic/";

    /// <summary>The embedded train.csv; <paramref name="keep"/> filters rows as they are read.</summary>
    public static CommentSet Train(Func<ToxicLabels, bool>? keep = null) =>
        JigsawReader.ReadTrain(Read("train.csv"), SourcePrefix + "train.csv", keep);

    /// <summary>The embedded test.csv joined with its test_labels.csv.</summary>
    public static CommentSet Test() =>
        JigsawReader.ReadTest(Read("test.csv"), SourcePrefix + "test.csv", Read("test_labels.csv"), SourcePrefix + "test_labels.csv");

    /// <summary>The raw bytes of one embedded file (<c>train.csv</c>, <c>test.csv</c> or <c>test_labels.csv</c>).</summary>
    public static byte[] Read(string fileName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("synthetic/" + fileName)
            ?? throw new FileNotFoundException($"{SourcePrefix}{fileName}: not embedded in this build.", fileName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
