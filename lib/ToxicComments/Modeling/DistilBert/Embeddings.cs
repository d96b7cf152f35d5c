using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>Word and position embeddings, summed, then LayerNorm and dropout (DistilBERT has no token types).</summary>
public sealed class Embeddings : Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly FastDropout dropout;

    public Embeddings(DistilBertConfig config) : base(nameof(Embeddings))
    {
        word_embeddings = Embedding(config.VocabSize, config.Dim, padding_idx: config.PadTokenId);
        position_embeddings = Embedding(config.MaxPositionEmbeddings, config.Dim);
        LayerNorm = nn.LayerNorm(config.Dim, 1e-12);
        dropout = new FastDropout(config.Dropout);
        RegisterComponents();
    }

    /// <param name="input_ids">(batch, seq) token ids.</param>
    public override Tensor forward(Tensor input_ids)
    {
        using var scope = NewDisposeScope();
        Tensor positions = arange(input_ids.shape[1], dtype: ScalarType.Int64, device: input_ids.device).unsqueeze(0); // (1, seq)
        Tensor embedded = word_embeddings.forward(input_ids) + position_embeddings.forward(positions); // (batch, seq, dim)
        return dropout.forward(LayerNorm.forward(embedded)).MoveToOuterDisposeScope();
    }
}
