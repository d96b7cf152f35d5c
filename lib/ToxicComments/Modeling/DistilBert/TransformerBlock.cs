using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>One layer: attention with a residual LayerNorm (sa_layer_norm), then the FFN with another (output_layer_norm).</summary>
public sealed class TransformerBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly MultiHeadSelfAttention attention;
    private readonly LayerNorm sa_layer_norm;
    private readonly FFN ffn;
    private readonly LayerNorm output_layer_norm;

    public TransformerBlock(DistilBertConfig config) : base(nameof(TransformerBlock))
    {
        attention = new MultiHeadSelfAttention(config);
        sa_layer_norm = LayerNorm(config.Dim, 1e-12);
        ffn = new FFN(config);
        output_layer_norm = LayerNorm(config.Dim, 1e-12);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? keep)
    {
        using var scope = NewDisposeScope();
        Tensor attended = sa_layer_norm.forward(attention.forward(hidden, keep) + hidden);
        return output_layer_norm.forward(ffn.forward(attended) + attended).MoveToOuterDisposeScope();
    }
}
