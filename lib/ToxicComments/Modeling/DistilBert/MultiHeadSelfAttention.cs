using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>DistilBERT's attention: q_lin, k_lin, v_lin, scaled dot-product attention, out_lin.</summary>
public sealed class MultiHeadSelfAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear q_lin;
    private readonly Linear k_lin;
    private readonly Linear v_lin;
    private readonly Linear out_lin;
    private readonly int heads;
    private readonly double dropout;

    public MultiHeadSelfAttention(DistilBertConfig config) : base(nameof(MultiHeadSelfAttention))
    {
        q_lin = Linear(config.Dim, config.Dim);
        k_lin = Linear(config.Dim, config.Dim);
        v_lin = Linear(config.Dim, config.Dim);
        out_lin = Linear(config.Dim, config.Dim);
        heads = config.NHeads;
        dropout = config.AttentionDropout;
        RegisterComponents();
    }

    /// <param name="hidden">(batch, seq, dim).</param>
    /// <param name="keep">(batch, 1, 1, seq) boolean: true where a key may be attended to; null attends to every key.</param>
    public override Tensor forward(Tensor hidden, Tensor? keep)
    {
        using var scope = NewDisposeScope();
        Tensor context = SelfAttention.Attend(hidden, q_lin, k_lin, v_lin, heads, keep, training ? dropout : 0.0); // (batch, seq, dim)
        return out_lin.forward(context).MoveToOuterDisposeScope();
    }
}
