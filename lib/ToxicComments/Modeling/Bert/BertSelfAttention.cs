using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Bert;

/// <summary>Multi-head self-attention: query, key and value projections and scaled dot-product attention.</summary>
public sealed class BertSelfAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int heads;
    private readonly int headSize;
    private readonly double dropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = Linear(config.HiddenSize, config.HiddenSize);
        key = Linear(config.HiddenSize, config.HiddenSize);
        value = Linear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        headSize = config.HeadSize;
        dropout = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <param name="hidden">(batch, seq, hidden).</param>
    /// <param name="keep">(batch, 1, 1, seq) boolean: true where a key may be attended to; null attends to every key.</param>
    public override Tensor forward(Tensor hidden, Tensor? keep)
    {
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], length = hidden.shape[1];
        // One matrix product for the three projections: a 3x wider GEMM keeps the cores busier than three narrow ones.
        Tensor weight = cat([query.weight!, key.weight!, value.weight!], 0); // (3 * hidden, hidden)
        Tensor bias = cat([query.bias!, key.bias!, value.bias!], 0);
        Tensor[] qkv = functional.linear(hidden, weight, bias)
            .view(batch, length, 3, heads, headSize)
            .permute(2, 0, 3, 1, 4) // (3, batch, heads, seq, head_size)
            .unbind(0);
        // The fused kernel computes softmax(q k^T / sqrt(d) + mask) v, with dropout on the probabilities in training.
        Tensor context = functional.scaled_dot_product_attention(
            qkv[0], qkv[1], qkv[2], keep, training ? dropout : 0.0); // (batch, heads, seq, head_size)
        return context.transpose(1, 2).reshape(batch, length, heads * headSize).MoveToOuterDisposeScope(); // (batch, seq, hidden)
    }
}
