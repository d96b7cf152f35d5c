using System.Text.Json.Serialization;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>
/// A DistilBERT <c>config.json</c>. The defaults are distilbert-base-uncased's (the tutorial fine-tunes
/// distilbert-base-uncased-finetuned-sst-2-english, the same shape); <see cref="Tiny"/> is for tests.
/// </summary>
public sealed record DistilBertConfig
{
    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "distilbert";

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 30522;

    [JsonPropertyName("dim")]
    public int Dim { get; init; } = 768;

    [JsonPropertyName("n_layers")]
    public int NLayers { get; init; } = 6;

    [JsonPropertyName("n_heads")]
    public int NHeads { get; init; } = 12;

    [JsonPropertyName("hidden_dim")]
    public int HiddenDim { get; init; } = 3072;

    [JsonPropertyName("activation")]
    public string Activation { get; init; } = "gelu";

    [JsonPropertyName("dropout")]
    public double Dropout { get; init; } = 0.1;

    [JsonPropertyName("attention_dropout")]
    public double AttentionDropout { get; init; } = 0.1;

    [JsonPropertyName("seq_classif_dropout")]
    public double SeqClassifDropout { get; init; } = 0.2;

    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 512;

    [JsonPropertyName("sinusoidal_pos_embds")]
    public bool SinusoidalPosEmbds { get; init; }

    [JsonPropertyName("pad_token_id")]
    public int PadTokenId { get; init; }

    /// <summary>Labels of a classification head, by index (<c>id2label</c>), if the checkpoint has one.</summary>
    [JsonPropertyName("id2label")]
    public Dictionary<string, string>? Id2Label { get; init; }

    /// <summary>A two-layer, 32-wide model over a 100-token vocabulary: enough to test shapes, keys and loading.</summary>
    public static DistilBertConfig Tiny() => new()
    {
        VocabSize = 100, Dim = 32, NLayers = 2, NHeads = 4, HiddenDim = 64, MaxPositionEmbeddings = 64,
    };

    /// <summary>Reads a <c>config.json</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, or its sizes do not fit together.</exception>
    public static DistilBertConfig Read(string path) => FromJson(ConfigFiles.ReadObject(path), path);

    /// <summary>The configuration in an already parsed <c>config.json</c>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">A value has the wrong type, or the sizes do not fit together.</exception>
    public static DistilBertConfig FromJson(System.Text.Json.Nodes.JsonObject json, string path)
    {
        DistilBertConfig config = ConfigFiles.Read<DistilBertConfig>(json, path);
        ConfigFiles.RequireRanges(path,
            [("vocab_size", config.VocabSize), ("dim", config.Dim), ("n_layers", config.NLayers), ("n_heads", config.NHeads),
             ("hidden_dim", config.HiddenDim), ("max_position_embeddings", config.MaxPositionEmbeddings)],
            [("dropout", config.Dropout), ("attention_dropout", config.AttentionDropout), ("seq_classif_dropout", config.SeqClassifDropout)]);
        if (config.Dim % config.NHeads != 0)
        {
            throw new InvalidDataException($"{path}: dim {config.Dim} is not a multiple of n_heads {config.NHeads}.");
        }
        if (config.SinusoidalPosEmbds)
        {
            throw new InvalidDataException($"{path}: sinusoidal_pos_embds is not supported (the released DistilBERT checkpoints learn their positions).");
        }
        return config;
    }
}
