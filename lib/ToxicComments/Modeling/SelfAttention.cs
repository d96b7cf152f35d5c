using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling;

/// <summary>The multi-head self-attention arithmetic that BERT's and DistilBERT's attention modules share.</summary>
internal static class SelfAttention
{
    /// <summary>
    /// softmax(q kᵀ / sqrt(d) + mask) v over <paramref name="heads"/> heads, with the heads merged back.
    /// The three projections run as one matrix product (a 3x wider GEMM keeps the cores busier than three narrow
    /// ones); the fused attention kernel applies dropout to the probabilities when <paramref name="dropout"/> is set.
    /// </summary>
    /// <param name="hidden">(batch, seq, hidden).</param>
    /// <param name="query">The query projection.</param>
    /// <param name="key">The key projection.</param>
    /// <param name="value">The value projection.</param>
    /// <param name="heads">How many heads the hidden size is split into.</param>
    /// <param name="keep">(batch, 1, 1, seq) boolean, true where a key may be attended to; null attends to every key.</param>
    /// <param name="dropout">Dropout on the attention probabilities: the rate in training, 0 in evaluation.</param>
    /// <returns>(batch, seq, hidden), before any output projection.</returns>
    public static Tensor Attend(Tensor hidden, Linear query, Linear key, Linear value, int heads, Tensor? keep, double dropout)
    {
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], length = hidden.shape[1], width = hidden.shape[2];
        Tensor weight = cat([query.weight!, key.weight!, value.weight!], 0); // (3 * hidden, hidden)
        Tensor bias = cat([query.bias!, key.bias!, value.bias!], 0);
        Tensor[] qkv = functional.linear(hidden, weight, bias)
            .view(batch, length, 3, heads, width / heads)
            .permute(2, 0, 3, 1, 4) // (3, batch, heads, seq, head_size)
            .unbind(0);
        Tensor context = functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], keep, dropout); // (batch, heads, seq, head_size)
        return context.transpose(1, 2).reshape(batch, length, width).MoveToOuterDisposeScope(); // (batch, seq, hidden)
    }
}
