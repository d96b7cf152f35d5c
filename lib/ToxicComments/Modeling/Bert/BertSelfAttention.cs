using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Bert;

/// <summary>Multi-head self-attention: query, key and value projections and scaled dot-product attention (<see cref="SelfAttention"/>).</summary>
public sealed class BertSelfAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int heads;
    private readonly double dropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = Linear(config.HiddenSize, config.HiddenSize);
        key = Linear(config.HiddenSize, config.HiddenSize);
        value = Linear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        dropout = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <param name="hidden">(batch, seq, hidden).</param>
    /// <param name="keep">(batch, 1, 1, seq) boolean: true where a key may be attended to; null attends to every key.</param>
    public override Tensor forward(Tensor hidden, Tensor? keep) =>
        SelfAttention.Attend(hidden, query, key, value, heads, keep, training ? dropout : 0.0);
}
