using TorchSharp;
using static TorchSharp.torch;

namespace ToxicComments.Tokenization;

/// <summary>
/// A padded batch as a BERT model takes it: <c>input_ids</c>, <c>attention_mask</c> (1 for tokens, 0 for padding)
/// and <c>token_type_ids</c> (all 0: one segment), each int64 of shape (batch, sequence). Owns its tensors.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private TokenBatch(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, int realTokens)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
        RealTokens = realTokens;
    }

    /// <summary>Token ids, padded: (batch, sequence).</summary>
    public Tensor InputIds { get; }

    /// <summary>1 where a token is, 0 where padding is: (batch, sequence).</summary>
    public Tensor AttentionMask { get; }

    /// <summary>Segment ids, all 0 for single texts: (batch, sequence).</summary>
    public Tensor TokenTypeIds { get; }

    /// <summary>Tokens that are not padding.</summary>
    public int RealTokens { get; }

    /// <summary>Rows in the batch.</summary>
    public long Size => InputIds.shape[0];

    /// <summary>Columns in the batch.</summary>
    public long SequenceLength => InputIds.shape[1];

    /// <summary>Pads <paramref name="sequences"/> into one batch on <paramref name="device"/> (the CPU by default).</summary>
    /// <exception cref="ArgumentException">A sequence is longer than <paramref name="maxLength"/>.</exception>
    public static TokenBatch Collate(IReadOnlyList<int[]> sequences, int paddingId, int maxLength, Padding padding, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sequences.Count, nameof(sequences));
        int longest = sequences.Max(s => s.Length);
        if (longest > maxLength)
        {
            throw new ArgumentException($"a sequence of {longest} tokens is longer than the maximum of {maxLength}; encode with that maximum.", nameof(sequences));
        }
        int columns = padding.RowLength(longest, maxLength);
        var ids = new long[sequences.Count * columns];
        var mask = new long[ids.Length];
        Array.Fill(ids, paddingId);
        int real = 0;
        for (int row = 0; row < sequences.Count; row++)
        {
            int[] sequence = sequences[row];
            for (int column = 0; column < sequence.Length; column++)
            {
                ids[(row * columns) + column] = sequence[column];
                mask[(row * columns) + column] = 1;
            }
            real += sequence.Length;
        }
        long[] shape = [sequences.Count, columns];
        Device target = device ?? CPU;
        return new TokenBatch(
            tensor(ids, shape, ScalarType.Int64, target),
            tensor(mask, shape, ScalarType.Int64, target),
            zeros(shape, ScalarType.Int64, target),
            real);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TokenTypeIds.Dispose();
    }
}
