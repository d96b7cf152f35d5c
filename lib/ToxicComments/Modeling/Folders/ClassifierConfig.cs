using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Folders;

/// <summary>
/// The <c>config.json</c> of a saved classifier, written so that Python's <c>transformers</c> either computes what
/// this library computes or refuses the folder.
/// <para>
/// Hugging Face's heads are saved as <c>transformers</c> saves them (<c>model_type</c> <c>bert</c> or
/// <c>distilbert</c>): <c>AutoModelForSequenceClassification</c> builds the same class. This library's own heads are
/// not <c>transformers</c> classes, and <c>transformers</c> picks its class from <c>model_type</c>, never from
/// <c>architectures</c>: saved as <c>bert</c>, a mean-pooled model would load, without a warning, into
/// <c>BertForSequenceClassification</c> and classify the pooler's output. So they get their own <c>model_type</c>
/// (<see cref="ModelType"/>), the encoder's configuration under <c>encoder</c>, and an <c>auto_map</c> naming the
/// classes of <see cref="ModelingFile"/>, written beside it: <c>transformers</c> then loads them only with
/// <c>trust_remote_code=True</c>, and runs the same computation.
/// </para>
/// </summary>
public static class ClassifierConfig
{
    /// <summary>The <c>model_type</c> of this library's own heads.</summary>
    public const string ModelType = "toxic_comments";

    /// <summary>The Python file with this library's heads as <c>transformers</c> classes.</summary>
    public const string ModelingFile = "modeling_toxic_comments.py";

    private const string ModelingResource = "modeling/modeling_toxic_comments.py";

    /// <summary>The configuration of <paramref name="model"/> with its labels (<c>id2label</c>, <c>label2id</c>, multilabel).</summary>
    /// <exception cref="ArgumentException">The model is none of the heads this library saves.</exception>
    public static JsonObject For(Module<Tensor, Tensor, Tensor, Tensor> model, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        JsonObject config = model switch
        {
            BertForSequenceClassification bert => Stock(Encoder(bert.Config), nameof(BertForSequenceClassification)),
            DistilBertForSequenceClassification distilbert => Stock(Encoder(distilbert.Config), nameof(DistilBertForSequenceClassification)),
            ToxicCommentClassifier tutorial => Custom(Encoder(tutorial.Encoder), nameof(ToxicCommentClassifier)),
            MeanPooledClassifier meanPooled => Custom(Encoder(meanPooled.Encoder), nameof(MeanPooledClassifier)),
            _ => throw new ArgumentException($"{model.GetType().Name} has no Hugging Face architecture to save as.", nameof(model)),
        };
        config["problem_type"] = "multi_label_classification";
        config["id2label"] = new JsonObject(labels.Select((label, i) => KeyValuePair.Create(i.ToString(CultureInfo.InvariantCulture), (JsonNode?)label)));
        config["label2id"] = new JsonObject(labels.Select((label, i) => KeyValuePair.Create(label, (JsonNode?)i)));
        return config;
    }

    /// <summary>
    /// The configuration of <paramref name="model"/> exported to ONNX (<see cref="OnnxFolder"/>): the encoder's, as
    /// Hugging Face's layout has it (<c>model_type</c> <c>bert</c> or <c>distilbert</c>, which transformers.js picks its
    /// class by; that class runs the graph and returns its logits, whatever the head), with the head's name in
    /// <c>architectures</c> and the labels. Python's <c>transformers</c> finds no weights in such a folder and says so.
    /// </summary>
    public static JsonObject ForOnnx(Module<Tensor, Tensor, Tensor, Tensor> model, IReadOnlyList<string> labels)
    {
        JsonObject saved = For(model, labels);
        if (!NeedsModelingFile(saved))
        {
            return saved;
        }
        JsonObject config = saved["encoder"]!.DeepClone().AsObject();
        foreach (string key in (string[])["architectures", "problem_type", "id2label", "label2id"])
        {
            config[key] = saved[key]!.DeepClone();
        }
        return config;
    }

    /// <summary>Whether a folder with <paramref name="config"/> needs <see cref="ModelingFile"/> beside it.</summary>
    public static bool NeedsModelingFile(JsonObject config) => ModelTypeOf(config) == ModelType;

    /// <summary>Writes <see cref="ModelingFile"/> into <paramref name="folder"/>.</summary>
    public static void WriteModelingFile(string folder) =>
        IO.AtomicFile.Write(Path.Combine(folder, ModelingFile), target =>
        {
            using Stream source = Assembly.GetExecutingAssembly().GetManifestResourceStream(ModelingResource)
                ?? throw new InvalidOperationException($"resource {ModelingResource} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
            source.CopyTo(target);
        });

    /// <summary>
    /// The encoder's configuration and the head a saved classifier's <c>config.json</c> describes. Folders of
    /// Hugging Face's heads are read as <c>transformers</c> reads them; folders of this library's heads as
    /// <see cref="For"/> writes them, or as earlier versions did (<see cref="ReadClassifier.Legacy"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The file names no head this library knows; the message names the key.</exception>
    public static ReadClassifier Read(JsonObject config, string path)
    {
        string? architecture = config["architectures"] switch
        {
            null => null,
            JsonArray { Count: > 0 } architectures when architectures[0] is JsonValue first && first.TryGetValue(out string? name) => name,
            _ => throw new InvalidDataException($"{path}: 'architectures' must be a list of class names."),
        };
        ClassifierHead? own = architecture switch
        {
            nameof(ToxicCommentClassifier) => ClassifierHead.Tutorial,
            nameof(MeanPooledClassifier) => ClassifierHead.MeanPooled,
            _ => null,
        };
        if (ModelTypeOf(config) != ModelType)
        {
            // Before model_type toxic_comments, this library saved its heads as model_type bert or distilbert.
            return new ReadClassifier(config, own ?? ClassifierHead.HuggingFace, Legacy: own is not null);
        }
        if (own is not { } head)
        {
            throw new InvalidDataException($"{path}: model_type '{ModelType}' needs 'architectures' of {nameof(MeanPooledClassifier)} or {nameof(ToxicCommentClassifier)}, not '{architecture}'.");
        }
        return config["encoder"] is JsonObject encoder
            ? new ReadClassifier(encoder, head, Legacy: false)
            : throw new InvalidDataException($"{path}: model_type '{ModelType}' needs the encoder's configuration as an object under 'encoder'.");
    }

    /// <summary>The encoder's own configuration: the whole file for Hugging Face's layout, <c>encoder</c> for this library's heads.</summary>
    public static JsonObject EncoderOf(JsonObject config, string path) =>
        ModelTypeOf(config) == ModelType ? Read(config, path).Encoder : config;

    private static string? ModelTypeOf(JsonObject config) =>
        config["model_type"] is JsonValue value && value.TryGetValue(out string? name) ? name : null;

    private static JsonObject Stock(JsonObject encoder, string architecture)
    {
        encoder["architectures"] = new JsonArray(architecture);
        return encoder;
    }

    private static JsonObject Custom(JsonObject encoder, string architecture) => new()
    {
        ["model_type"] = ModelType,
        ["architectures"] = new JsonArray(architecture),
        ["auto_map"] = new JsonObject
        {
            ["AutoConfig"] = $"{Path.GetFileNameWithoutExtension(ModelingFile)}.ToxicCommentsConfig",
            ["AutoModelForSequenceClassification"] = $"{Path.GetFileNameWithoutExtension(ModelingFile)}.{architecture}",
        },
        ["encoder"] = encoder,
    };

    private static JsonObject Encoder(TextEncoder encoder) => encoder.Module switch
    {
        BertModel bert => Encoder(bert.Config),
        DistilBertModel distilbert => Encoder(distilbert.Config),
        _ => throw new ArgumentException($"{encoder.Module.GetType().Name} is not an encoder this library saves.", nameof(encoder)),
    };

    /// <summary>An encoder's configuration as <c>transformers</c> writes it, without the labels of the checkpoint it came from.</summary>
    private static JsonObject Encoder<T>(T config)
    {
        JsonObject json = JsonSerializer.SerializeToNode(config)!.AsObject();
        json.Remove("id2label");
        return json;
    }
}

/// <summary>What a saved classifier's <c>config.json</c> says.</summary>
/// <param name="Encoder">The encoder's configuration (with its <c>model_type</c>, <c>bert</c> or <c>distilbert</c>).</param>
/// <param name="Head">The head on it.</param>
/// <param name="Legacy">
/// Saved by an earlier version of this library as <c>model_type</c> <c>bert</c> or <c>distilbert</c> with this
/// library's head: it loads here as it always did, and Python's <c>transformers</c> misreads it, so save it again.
/// The mean-pooled head's <c>classifier.*</c> weights are now <c>pooled_classifier.*</c>.
/// </param>
public sealed record ReadClassifier(JsonObject Encoder, ClassifierHead Head, bool Legacy);
