using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Bert;

/// <summary>
/// The BERT encoder (Hugging Face's BertModel): embeddings, transformer layers, optional pooler. Its state-dict keys
/// are Hugging Face's (<c>embeddings.word_embeddings.weight</c>, <c>encoder.layer.0.attention.self.query.weight</c>, ...),
/// so checkpoints load by name. Dropout is active only in training mode.
/// </summary>
public sealed class BertModel : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler? pooler;

    public BertModel(BertConfig config, bool addPoolingLayer = true) : base(nameof(BertModel))
    {
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = addPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public BertConfig Config { get; }

    /// <summary>The last hidden state.</summary>
    /// <param name="input_ids">(batch, seq) int64 token ids.</param>
    /// <param name="attention_mask">(batch, seq) 1 for tokens, 0 for padding.</param>
    /// <param name="token_type_ids">(batch, seq) segment ids.</param>
    /// <returns>(batch, seq, hidden).</returns>
    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor? keep = AttentionMasks.KeysToKeep(attention_mask); // (batch, 1, 1, seq), or null when nothing is padding
        Tensor hidden = encoder.forward(embeddings.forward(input_ids, token_type_ids), keep);
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>The pooler's output for a last hidden state: (batch, hidden).</summary>
    /// <exception cref="InvalidOperationException">The model was built without a pooler.</exception>
    public Tensor Pool(Tensor lastHiddenState) =>
        (pooler ?? throw new InvalidOperationException("this BertModel has no pooling layer")).forward(lastHiddenState);
}
