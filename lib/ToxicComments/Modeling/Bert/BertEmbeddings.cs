using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Bert;

/// <summary>Word, position and token-type embeddings, summed, then LayerNorm and dropout (Hugging Face's BertEmbeddings).</summary>
public sealed class BertEmbeddings : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly FastDropout dropout;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = new FastDropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="input_ids">(batch, seq) token ids.</param>
    /// <param name="token_type_ids">(batch, seq) segment ids.</param>
    public override Tensor forward(Tensor input_ids, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        // Positions are made here rather than kept as a buffer: they are not part of the checkpoint.
        Tensor positions = arange(input_ids.shape[1], dtype: ScalarType.Int64, device: input_ids.device).unsqueeze(0); // (1, seq)
        Tensor embedded = word_embeddings.forward(input_ids)
            + position_embeddings.forward(positions)
            + token_type_embeddings.forward(token_type_ids); // (batch, seq, hidden)
        return dropout.forward(LayerNorm.forward(embedded)).MoveToOuterDisposeScope();
    }
}
