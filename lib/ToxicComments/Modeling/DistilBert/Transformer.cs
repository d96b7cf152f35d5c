using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.DistilBert;

/// <summary>The stack of transformer blocks.</summary>
public sealed class Transformer : Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<TransformerBlock> layer;

    public Transformer(DistilBertConfig config) : base(nameof(Transformer))
    {
        layer = new ModuleList<TransformerBlock>(Enumerable.Range(0, config.NLayers).Select(_ => new TransformerBlock(config)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? keep)
    {
        using var scope = NewDisposeScope();
        foreach (TransformerBlock block in layer)
        {
            hidden = block.forward(hidden, keep);
        }
        return hidden.MoveToOuterDisposeScope();
    }
}
