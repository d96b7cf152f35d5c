using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>The feed-forward block: lin1, activation, lin2, dropout.</summary>
public sealed class FFN : Module<Tensor, Tensor>
{
    private readonly Linear lin1;
    private readonly Linear lin2;
    private readonly FastDropout dropout;
    private readonly Func<Tensor, Tensor> activation;

    public FFN(DistilBertConfig config) : base(nameof(FFN))
    {
        lin1 = Linear(config.Dim, config.HiddenDim);
        lin2 = Linear(config.HiddenDim, config.Dim);
        dropout = new FastDropout(config.Dropout);
        activation = Activations.ByName(config.Activation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return dropout.forward(lin2.forward(activation(lin1.forward(hidden)))).MoveToOuterDisposeScope(); // (batch, seq, dim)
    }
}
