using System.Text.Json.Nodes;
using ToxicComments.Hub;
using ToxicComments.IO;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Folders;
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
        Runtime.TorchRuntime.RequireBackend();
        if (attentionDropout is { } rate)
        {
            FastDropout.RequireRate(rate, nameof(attentionDropout));
        }
        if (model is null || string.Equals(model, OfflineModel.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new PretrainedEncoder(TextEncoder.From(OfflineModel.LoadEncoder(attentionDropout)), OfflineModel.Tokenizer(), new LoadReport([], []), OfflineModel.Name);
        }
        string path = Path.Combine(model, "config.json");
        TextEncoder encoder = CreateEncoder(ClassifierConfig.EncoderOf(ReadConfig(model), path), path, attentionDropout);
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
    /// heads as <see cref="SaveSequenceClassifier"/> writes them (<see cref="ClassifierConfig"/>), or as earlier
    /// versions of it did.
    /// </summary>
    public static (Module<Tensor, Tensor, Tensor, Tensor> Model, IReadOnlyList<string> Labels) LoadSequenceClassifier(string folder)
    {
        Runtime.TorchRuntime.RequireBackend();
        JsonObject config = ReadConfig(folder);
        string path = Path.Combine(folder, "config.json");
        ReadClassifier read = ClassifierConfig.Read(config, path);
        TextEncoder encoder = CreateEncoder(read.Encoder, path, attentionDropout: null);
        string[] labels = Labels(config, path);
        Module<Tensor, Tensor, Tensor, Tensor> model = CreateClassifier(encoder, read.Head, labels.Length, seed: 0);
        using StateDict weights = ReadWeights(folder);
        IReadOnlyDictionary<string, Tensor> named = read is { Legacy: true, Head: ClassifierHead.MeanPooled }
            ? weights.ToDictionary(p => p.Key.StartsWith("classifier.", StringComparison.Ordinal) ? "pooled_" + p.Key : p.Key, p => p.Value)
            : weights;
        LoadReport report = StateDictLoader.Load(model, named, weights.Source);
        if (report.Unexpected.Count > 0)
        {
            throw new InvalidDataException($"{weights.Source}: unexpected weights {string.Join(", ", report.Unexpected.Take(5))}.");
        }
        model.eval();
        return (model, labels);
    }

    /// <summary>
    /// The longest input, in tokens, that the position table of the classifier saved in <paramref name="folder"/> takes.
    /// </summary>
    public static int MaxPositions(string folder) => MaxPositions(ReadConfig(folder), Path.Combine(folder, "config.json"));

    private static int MaxPositions(JsonObject config, string path) =>
        ClassifierConfig.EncoderOf(config, path)["max_position_embeddings"] is JsonValue value && value.TryGetValue(out int positions) ? positions : int.MaxValue;

    /// <summary>
    /// Writes <paramref name="model"/> as a Hugging Face folder that Python's <c>transformers</c> loads with
    /// <c>from_pretrained</c> and computes the same probabilities from, or refuses (<see cref="ClassifierConfig"/>):
    /// <c>config.json</c>; <c>model.safetensors</c> with its SHA-256 in <c>checksums.sha256</c>
    /// (<see cref="WeightChecksums"/>); for this library's own heads, <c>modeling_toxic_comments.py</c>; the
    /// tokenizer as <c>tokenizer.json</c>, <c>vocab.txt</c> and <c>tokenizer_config.json</c>; and a model card,
    /// <c>README.md</c> (<paramref name="card"/>: how it was trained; null for a card without that). Each file is
    /// written atomically.
    /// </summary>
    public static void SaveSequenceClassifier(Module<Tensor, Tensor, Tensor, Tensor> model, BertWordPieceTokenizer tokenizer,
                                              IReadOnlyList<string> labels, string folder, ModelCard? card = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        JsonObject config = ClassifierConfig.For(model, labels);
        Directory.CreateDirectory(folder);
        string configPath = Path.Combine(folder, "config.json");
        ConfigFiles.WriteObject(configPath, config);
        if (ClassifierConfig.NeedsModelingFile(config))
        {
            ClassifierConfig.WriteModelingFile(folder);
        }
        Dictionary<string, Tensor> state = model.state_dict();
        SafeTensors.Write(Path.Combine(folder, "model.safetensors"), state.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous()));
        WeightChecksums.Write(folder);
        SaveTokenizer(tokenizer, folder, Math.Min(tokenizer.Options.ModelMaxLength, MaxPositions(config, configPath)));
        AtomicFile.WriteText(Path.Combine(folder, "README.md"), writer => writer.Write((card ?? new ModelCard()).Render(config, labels)));
    }

    /// <summary>
    /// Writes <paramref name="tokenizer"/> into <paramref name="folder"/> as Hugging Face saves a BERT tokenizer:
    /// <c>tokenizer.json</c> (<see cref="TokenizerJson"/>, truncating to <paramref name="maxLength"/>),
    /// <c>vocab.txt</c> and <c>tokenizer_config.json</c> (with <c>model_max_length</c> <paramref name="maxLength"/>).
    /// </summary>
    public static void SaveTokenizer(BertWordPieceTokenizer tokenizer, string folder, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        AtomicFile.Write(Path.Combine(folder, "tokenizer.json"), stream => TokenizerJson.Write(tokenizer, stream, maxLength));
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
            ["model_max_length"] = maxLength,
            ["unk_token"] = tokenizer.Options.UnknownToken,
            ["cls_token"] = tokenizer.Options.ClassifierToken,
            ["sep_token"] = tokenizer.Options.SeparatorToken,
            ["pad_token"] = tokenizer.Options.PaddingToken,
            ["mask_token"] = tokenizer.Options.MaskToken,
        };
        ConfigFiles.WriteObject(Path.Combine(folder, "tokenizer_config.json"), tokenizerConfig);
    }

    /// <param name="config">The encoder's configuration.</param>
    /// <param name="path">The config.json it came from, for errors.</param>
    /// <param name="attentionDropout">A rate that replaces the configuration's attention dropout.</param>
    private static TextEncoder CreateEncoder(JsonObject config, string path, double? attentionDropout)
    {
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
