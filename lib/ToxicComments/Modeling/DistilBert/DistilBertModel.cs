using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>
/// The DistilBERT encoder (Hugging Face's DistilBertModel): embeddings, then transformer blocks. State-dict keys are
/// Hugging Face's (<c>embeddings.word_embeddings.weight</c>, <c>transformer.layer.0.attention.q_lin.weight</c>, ...).
/// Token type ids are accepted and ignored, so every encoder takes the same batch.
/// </summary>
public sealed class DistilBertModel : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Embeddings embeddings;
    private readonly Transformer transformer;

    public DistilBertModel(DistilBertConfig config) : base(nameof(DistilBertModel))
    {
        Config = config;
        embeddings = new Embeddings(config);
        transformer = new Transformer(config);
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public DistilBertConfig Config { get; }

    /// <summary>The last hidden state: (batch, seq, dim).</summary>
    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor? keep = AttentionMasks.KeysToKeep(attention_mask); // (batch, 1, 1, seq), or null when nothing is padding
        return transformer.forward(embeddings.forward(input_ids), keep).MoveToOuterDisposeScope();
    }
}
