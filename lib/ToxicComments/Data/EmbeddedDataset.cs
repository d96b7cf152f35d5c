using System.Reflection;
using ToxicComments.Data.Loading;

namespace ToxicComments.Data;

/// <summary>
/// A data set in Kaggle's layout (train.csv, test.csv, test_labels.csv) compiled into this library, so that every
/// stage works from any folder with no download. Two are embedded (data/README.md in the repository has both):
/// <see cref="JigsawSample"/>, real comments and the default; and <see cref="Synthetic"/>, generated, for fast tests.
/// </summary>
public sealed class EmbeddedDataset
{
    private EmbeddedDataset(string name) => Name = name;

    /// <summary>
    /// The default: the first 2,886 rows of Kaggle's train.csv and the first 2,514 of its test files (1,027 of them
    /// scored), unchanged. Labels CC0; comment text from Wikipedia, CC BY-SA 3.0 (data/jigsaw-sample/SOURCE.md).
    /// </summary>
    public static EmbeddedDataset JigsawSample { get; } = new("jigsaw-sample");

    /// <summary>
    /// A synthetic set made by <c>toxic data synth --rows 4000 --seed 7</c>: templated sentences, fast to train on,
    /// for tests; its scores say the pipeline works, not that a model is good.
    /// </summary>
    public static EmbeddedDataset Synthetic { get; } = new("synthetic");

    /// <summary>The set every stage uses when no data is named.</summary>
    public static EmbeddedDataset Default => JigsawSample;

    /// <summary>The rows of the synthetic train.csv as the generator was called for them.</summary>
    public const int SyntheticTrainRows = 4000;

    /// <summary>The seed the synthetic files were generated with.</summary>
    public const uint SyntheticSeed = 7;

    /// <summary>The set's name, as <c>--data</c> takes it: <c>jigsaw-sample</c> or <c>synthetic</c>.</summary>
    public string Name { get; }

    /// <summary>How messages and run metadata name the embedded files: <c>embedded:jigsaw-sample/</c>.</summary>
    public string SourcePrefix => $"embedded:{Name}/";

    /// <summary>The embedded set called <paramref name="name"/>, or null when there is none of that name.</summary>
    public static EmbeddedDataset? Named(string name) =>
        name == JigsawSample.Name ? JigsawSample : name == Synthetic.Name ? Synthetic : null;

    /// <summary>The embedded train.csv; <paramref name="keep"/> filters rows as they are read.</summary>
    public CommentSet Train(Func<ToxicLabels, bool>? keep = null) =>
        JigsawReader.ReadTrain(Read("train.csv"), SourcePrefix + "train.csv", keep);

    /// <summary>The embedded test.csv joined with its test_labels.csv (unscored rows included, as Kaggle ships them).</summary>
    public CommentSet Test() =>
        JigsawReader.ReadTest(Read("test.csv"), SourcePrefix + "test.csv", Read("test_labels.csv"), SourcePrefix + "test_labels.csv");

    /// <summary>The raw bytes of one embedded file (<c>train.csv</c>, <c>test.csv</c> or <c>test_labels.csv</c>).</summary>
    public byte[] Read(string fileName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{Name}/{fileName}")
            ?? throw new FileNotFoundException($"{SourcePrefix}{fileName}: not embedded in this build.", fileName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"embedded:{Name}";
}
