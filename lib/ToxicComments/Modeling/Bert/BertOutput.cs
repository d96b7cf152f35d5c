using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Bert;

/// <summary>The feed-forward block's projection back to the hidden size, dropout, and the residual LayerNorm.</summary>
public sealed class BertOutput : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly FastDropout dropout;

    public BertOutput(BertConfig config) : base(nameof(BertOutput))
    {
        dense = Linear(config.IntermediateSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = new FastDropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor intermediate, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dropout.forward(dense.forward(intermediate)) + residual).MoveToOuterDisposeScope();
    }
}
