using System.Text.Json;
using System.Text.Json.Nodes;
using ToxicComments.Hub;
using ToxicComments.IO;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tokenization;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling;

/// <summary>An encoder with its pretrained weights and its tokenizer, and what loading them matched.</summary>
public sealed record PretrainedEncoder(TextEncoder Encoder, BertWordPieceTokenizer Tokenizer, LoadReport Report, string Source);

/// <summary>The classification head put on a pretrained encoder.</summary>
public enum ClassifierHead
{
    /// <summary>The tutorial's: first token, dropout 0.1, Dense(100, relu), Dense(50, relu), Dense(labels) (<see cref="ToxicCommentClassifier"/>).</summary>
    Tutorial,

    /// <summary>Hugging Face's <c>BertForSequenceClassification</c> / <c>DistilBertForSequenceClassification</c>.</summary>
    HuggingFace,

    /// <summary>The mean over real tokens, dropout, one linear layer (<see cref="MeanPooledClassifier"/>); can start from a linear probe.</summary>
    MeanPooled,
}

/// <summary>
/// Hugging Face model folders (what <c>from_pretrained</c> reads and <c>save_pretrained</c> writes): <c>config.json</c>,
/// <c>model.safetensors</c> or <c>pytorch_model.bin</c>, and the tokenizer files. BERT and DistilBERT.
/// </summary>
public static class PretrainedModels
{
    private static readonly string[] EncoderPrefixes = ["bert.", "distilbert."];

    /// <summary>
    /// The encoder of <paramref name="model"/>: <c>minilm</c> (or null) for the offline default, else a model folder.
    /// Checkpoints of task models (<c>bert.*</c> + a head) load too: the encoder's keys are taken, the head's are
    /// reported as unexpected. A BERT checkpoint without a pooler gets a fresh one (reported as missing).
    /// <paramref name="attentionDropout"/> overrides the configuration's dropout on the attention probabilities, as
    /// keyword arguments to Hugging Face's <c>from_pretrained</c> do; a model saved later records it.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">config.json or the weights are missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the weights do not fit the configuration.</exception>
    public static PretrainedEncoder LoadEncoder(string? model, double? attentionDropout = null)
    {
        if (attentionDropout is { } rate)
        {
            FastDropout.RequireRate(rate, nameof(attentionDropout));
        }
        if (model is null || string.Equals(model, OfflineModel.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new PretrainedEncoder(TextEncoder.From(OfflineModel.LoadEncoder(attentionDropout)), OfflineModel.Tokenizer(), new LoadReport([], []), OfflineModel.Name);
        }
        TextEncoder encoder = CreateEncoder(ReadConfig(model), model, attentionDropout);
        using StateDict weights = ReadWeights(model);
        string prefix = EncoderPrefixes.FirstOrDefault(p => weights.Keys.Any(k => k.StartsWith(p, StringComparison.Ordinal))) ?? "";
        Dictionary<string, Tensor> own = weights
            .Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key[prefix.Length..], pair => pair.Value);
        LoadReport report = StateDictLoader.Load(encoder.Module, own, weights.Source, key => key.StartsWith("pooler.", StringComparison.Ordinal));
        string[] unexpected = [.. report.Unexpected, .. weights.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal))];
        encoder.Module.eval();
        return new PretrainedEncoder(encoder, BertTokenizerFiles.Load(model), report with { Unexpected = unexpected }, model);
    }

    /// <summary>
    /// A new classifier: <paramref name="encoder"/> with a freshly initialised <paramref name="head"/>, the head's
    /// initial weights drawn from <paramref name="seed"/> (so a run is repeatable).
    /// </summary>
    public static Module<Tensor, Tensor, Tensor, Tensor> CreateClassifier(TextEncoder encoder, ClassifierHead head, int labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        random.manual_seed(seed);
        return (head, encoder.Module) switch
        {
            (ClassifierHead.Tutorial, _) => new ToxicCommentClassifier(encoder, labels),
            (ClassifierHead.MeanPooled, _) => new MeanPooledClassifier(encoder, labels),
            (ClassifierHead.HuggingFace, BertModel bert) => new BertForSequenceClassification(bert, labels),
            (ClassifierHead.HuggingFace, DistilBertModel distilbert) => new DistilBertForSequenceClassification(distilbert, labels),
            _ => throw new ArgumentException($"no {head} head for {encoder.Module.GetType().Name}.", nameof(head)),
        };
    }

    /// <summary>
    /// A sequence-classification model from its folder, every key checked, labels from <c>id2label</c>: Hugging
    /// Face's <c>BertForSequenceClassification</c> and <c>DistilBertForSequenceClassification</c>, or this library's
    /// heads (<c>architectures: ["ToxicCommentClassifier"]</c> or <c>["MeanPooledClassifier"]</c>) as
    /// <see cref="SaveSequenceClassifier"/> writes them.
    /// </summary>
    public static (Module<Tensor, Tensor, Tensor, Tensor> Model, IReadOnlyList<string> Labels) LoadSequenceClassifier(string folder)
    {
        JsonObject config = ReadConfig(folder);
        TextEncoder encoder = CreateEncoder(config, folder, attentionDropout: null);
        string[] labels = Labels(config, Path.Combine(folder, "config.json"));
        string? architecture = config["architectures"] switch
        {
            null => null,
            JsonArray { Count: > 0 } architectures when architectures[0] is JsonValue first && first.TryGetValue(out string? name) => name,
            _ => throw new InvalidDataException($"{Path.Combine(folder, "config.json")}: 'architectures' must be a list of class names."),
        };
        ClassifierHead head = architecture switch
        {
            nameof(ToxicCommentClassifier) => ClassifierHead.Tutorial,
            nameof(MeanPooledClassifier) => ClassifierHead.MeanPooled,
            _ => ClassifierHead.HuggingFace,
        };
        Module<Tensor, Tensor, Tensor, Tensor> model = CreateClassifier(encoder, head, labels.Length, seed: 0);
        using StateDict weights = ReadWeights(folder);
        LoadReport report = StateDictLoader.Load(model, weights, weights.Source);
        if (report.Unexpected.Count > 0)
        {
            throw new InvalidDataException($"{weights.Source}: unexpected weights {string.Join(", ", report.Unexpected.Take(5))}.");
        }
        model.eval();
        return (model, labels);
    }

    /// <summary>
    /// Writes <paramref name="model"/> as a Hugging Face folder that Python's <c>transformers</c> loads with
    /// <c>from_pretrained</c> (this library's own heads are not <c>transformers</c> classes: <c>AutoModel</c> loads
    /// their encoder, and this library the whole model): <c>config.json</c> (the encoder's, with <c>architectures</c>, <c>id2label</c>,
    /// <c>label2id</c> and <c>problem_type</c>), <c>model.safetensors</c> with its SHA-256 in <c>checksums.sha256</c>
    /// (<see cref="WeightChecksums"/>), and the tokenizer's <c>vocab.txt</c> and <c>tokenizer_config.json</c>. Each file
    /// is written atomically.
    /// </summary>
    public static void SaveSequenceClassifier(Module<Tensor, Tensor, Tensor, Tensor> model, BertWordPieceTokenizer tokenizer,
                                              IReadOnlyList<string> labels, string folder)
    {
        (object encoderConfig, string architecture) = model switch
        {
            BertForSequenceClassification bert => ((object)bert.Config, nameof(BertForSequenceClassification)),
            DistilBertForSequenceClassification distilbert => (distilbert.Config, nameof(DistilBertForSequenceClassification)),
            ToxicCommentClassifier { Encoder.Module: BertModel bert } => (bert.Config, nameof(ToxicCommentClassifier)),
            ToxicCommentClassifier { Encoder.Module: DistilBertModel distilbert } => (distilbert.Config, nameof(ToxicCommentClassifier)),
            MeanPooledClassifier { Encoder.Module: BertModel bert } => (bert.Config, nameof(MeanPooledClassifier)),
            MeanPooledClassifier { Encoder.Module: DistilBertModel distilbert } => (distilbert.Config, nameof(MeanPooledClassifier)),
            _ => throw new ArgumentException($"{model.GetType().Name} has no Hugging Face architecture to save as.", nameof(model)),
        };
        JsonObject config = JsonSerializer.SerializeToNode(encoderConfig)!.AsObject();
        config["architectures"] = new JsonArray(architecture);
        config["problem_type"] = "multi_label_classification";
        config["id2label"] = new JsonObject(labels.Select((label, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)label)));
        config["label2id"] = new JsonObject(labels.Select((label, i) => KeyValuePair.Create(label, (JsonNode?)i)));
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "config.json"), writer => writer.Write(config.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        Dictionary<string, Tensor> state = model.state_dict();
        SafeTensors.Write(Path.Combine(folder, "model.safetensors"), state.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous()));
        WeightChecksums.Write(folder);
        AtomicFile.WriteText(Path.Combine(folder, "vocab.txt"), writer =>
        {
            for (int id = 0; id < tokenizer.Vocabulary.Count; id++)
            {
                writer.Write(tokenizer.Vocabulary[id]);
                writer.Write('\n');
            }
        });
        var tokenizerConfig = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = tokenizer.Options.LowerCase,
            ["strip_accents"] = tokenizer.Options.StripAccents,
            ["tokenize_chinese_chars"] = tokenizer.Options.TokenizeChineseChars,
            ["model_max_length"] = tokenizer.Options.ModelMaxLength,
            ["unk_token"] = tokenizer.Options.UnknownToken,
            ["cls_token"] = tokenizer.Options.ClassifierToken,
            ["sep_token"] = tokenizer.Options.SeparatorToken,
            ["pad_token"] = tokenizer.Options.PaddingToken,
            ["mask_token"] = tokenizer.Options.MaskToken,
        };
        AtomicFile.WriteText(Path.Combine(folder, "tokenizer_config.json"), writer => writer.Write(tokenizerConfig.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    private static TextEncoder CreateEncoder(JsonObject config, string folder, double? attentionDropout)
    {
        string path = Path.Combine(folder, "config.json");
        string? type = config["model_type"] is JsonValue value && value.TryGetValue(out string? name) ? name : config["model_type"]?.ToJsonString();
        switch (type)
        {
            case "bert":
                BertConfig bert = BertConfig.FromJson(config, path);
                return TextEncoder.From(new BertModel(bert with { AttentionProbsDropoutProb = attentionDropout ?? bert.AttentionProbsDropoutProb }));
            case "distilbert":
                DistilBertConfig distilbert = DistilBertConfig.FromJson(config, path);
                return TextEncoder.From(new DistilBertModel(distilbert with { AttentionDropout = attentionDropout ?? distilbert.AttentionDropout }));
            default:
                throw new InvalidDataException($"{path}: model_type '{type}' is not supported (bert and distilbert are).");
        }
    }

    private static JsonObject ReadConfig(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such model folder.");
        }
        string path = Path.Combine(folder, "config.json");
        return File.Exists(path)
            ? ConfigFiles.ReadObject(path)
            : throw new FileNotFoundException($"{folder}: no config.json (a Hugging Face model folder has one).", path);
    }

    private static StateDict ReadWeights(string folder)
    {
        WeightChecksums.Verify(folder);
        string safetensors = Path.Combine(folder, "model.safetensors");
        string pickle = Path.Combine(folder, "pytorch_model.bin");
        return File.Exists(safetensors) ? SafeTensors.Read(safetensors)
            : File.Exists(pickle) ? PyTorchCheckpoint.Read(pickle)
            : throw new FileNotFoundException($"{folder}: no model.safetensors or pytorch_model.bin.", safetensors);
    }

    private static string[] Labels(JsonObject config, string path)
    {
        if (config["id2label"] is not JsonObject id2label || id2label.Count == 0)
        {
            throw new InvalidDataException($"{path}: 'id2label' is missing; a classification checkpoint names its labels there.");
        }
        var labels = new string?[id2label.Count];
        foreach ((string index, JsonNode? label) in id2label)
        {
            // Keys are the indices as Python writes them ("0", "1", ...): "00" would be index 0 a second time.
            if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i)
                || i >= labels.Length || i.ToString(System.Globalization.CultureInfo.InvariantCulture) != index)
            {
                throw new InvalidDataException($"{path}: 'id2label' key '{index}' is not an index from 0 to {labels.Length - 1}.");
            }
            if (labels[i] is not null)
            {
                throw new InvalidDataException($"{path}: 'id2label' names index {i} twice.");
            }
            labels[i] = label is JsonValue value && value.TryGetValue(out string? name) && name.Length > 0
                ? name
                : throw new InvalidDataException($"{path}: 'id2label' key '{index}' must name its label with a string.");
        }
        return labels!;
    }
}
