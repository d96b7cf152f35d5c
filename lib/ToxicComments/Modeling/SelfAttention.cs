using TorchSharp;
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
    /// ones). Without dropout, and on other devices, PyTorch's scaled dot-product attention does the rest (fused
    /// kernels; on CUDA also with dropout). With dropout on the CPU, see <see cref="AttendWithDropout"/>.
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
        Tensor context = dropout > 0 && hidden.device_type == DeviceType.CPU
            ? AttendWithDropout(qkv[0], qkv[1], qkv[2], keep, dropout)
            : functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], keep, dropout); // (batch, heads, seq, head_size)
        return context.transpose(1, 2).reshape(batch, length, width).MoveToOuterDisposeScope(); // (batch, seq, hidden)
    }

    /// <summary>
    /// What PyTorch's CPU attention computes with a dropout rate (its math path: scores, softmax, dropout on the
    /// probabilities, values), with the mask drawn by <see cref="FastDropout"/>. A dropout rate keeps libtorch from its
    /// fused CPU kernel anyway, and its own dropout mask cost more than the rest: a MiniLM layer's attention at
    /// 16 x 128, forward and backward on one core, took 80 ms with libtorch's dropout, 45 ms this way, 36 ms fused
    /// without dropout.
    /// The (batch, heads, seq, seq) scores are the largest tensors of a layer, so they are passed over as few times as
    /// possible: the scale goes on the queries (a quarter of the size at 128 tokens, head size 32), and the padding
    /// mask is added in place as 0 or −∞ (a masked fill would write a copy, and its backward pass one more). A MiniLM
    /// forward and backward pass at 16 x 128 on 2 threads took about 6% less time than scaling and filling the scores.
    /// </summary>
    private static Tensor AttendWithDropout(Tensor query, Tensor key, Tensor value, Tensor? keep, double dropout)
    {
        Tensor scores = query.mul(1 / Math.Sqrt(query.shape[^1])).matmul(key.transpose(-2, -1)); // (batch, heads, seq, seq)
        if (keep is not null)
        {
            // In place is safe for autograd: the product's backward pass needs its inputs, not its output.
            scores.add_(zeros(keep.shape, ScalarType.Float32, keep.device).masked_fill_(keep.logical_not(), float.NegativeInfinity));
        }
        return FastDropout.Apply(scores.softmax(-1), dropout).matmul(value);
    }
}
