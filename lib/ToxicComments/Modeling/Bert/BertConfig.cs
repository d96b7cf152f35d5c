using System.Text.Json.Serialization;

namespace ToxicComments.Modeling.Bert;

/// <summary>
/// A BERT encoder's <c>config.json</c>. The defaults are all-MiniLM-L6-v2's, the offline default model;
/// <see cref="Tiny"/> is for tests.
/// </summary>
public sealed record BertConfig
{
    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "bert";

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 30522;

    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; init; } = 384;

    [JsonPropertyName("num_hidden_layers")]
    public int NumHiddenLayers { get; init; } = 6;

    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; } = 12;

    [JsonPropertyName("intermediate_size")]
    public int IntermediateSize { get; init; } = 1536;

    [JsonPropertyName("hidden_act")]
    public string HiddenAct { get; init; } = "gelu";

    [JsonPropertyName("hidden_dropout_prob")]
    public double HiddenDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("attention_probs_dropout_prob")]
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 512;

    [JsonPropertyName("type_vocab_size")]
    public int TypeVocabSize { get; init; } = 2;

    [JsonPropertyName("layer_norm_eps")]
    public double LayerNormEps { get; init; } = 1e-12;

    [JsonPropertyName("pad_token_id")]
    public int PadTokenId { get; init; }

    /// <summary>Labels of a classification head, by index (<c>id2label</c>), if the checkpoint has one.</summary>
    [JsonPropertyName("id2label")]
    public Dictionary<string, string>? Id2Label { get; init; }

    /// <summary>Width of one attention head.</summary>
    [JsonIgnore]
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>A two-layer, 32-wide model over a 100-token vocabulary: enough to test shapes, keys and loading.</summary>
    public static BertConfig Tiny() => new()
    {
        VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64, MaxPositionEmbeddings = 64,
    };

    /// <summary>Reads a <c>config.json</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or its sizes do not fit together.</exception>
    public static BertConfig Read(string path) => FromJson(ConfigFiles.ReadObject(path), path);

    /// <summary>The configuration in an already parsed <c>config.json</c>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">A value has the wrong type, or the sizes do not fit together.</exception>
    public static BertConfig FromJson(System.Text.Json.Nodes.JsonObject json, string path)
    {
        BertConfig config = ConfigFiles.Read<BertConfig>(json, path);
        ConfigFiles.RequireRanges(path,
            [("vocab_size", config.VocabSize), ("hidden_size", config.HiddenSize), ("num_hidden_layers", config.NumHiddenLayers),
             ("num_attention_heads", config.NumAttentionHeads), ("intermediate_size", config.IntermediateSize),
             ("max_position_embeddings", config.MaxPositionEmbeddings), ("type_vocab_size", config.TypeVocabSize)],
            [("hidden_dropout_prob", config.HiddenDropoutProb), ("attention_probs_dropout_prob", config.AttentionProbsDropoutProb)]);
        if (config.HiddenSize % config.NumAttentionHeads != 0)
        {
            throw new InvalidDataException($"{path}: hidden_size {config.HiddenSize} is not a multiple of num_attention_heads {config.NumAttentionHeads}.");
        }
        return config;
    }
}
