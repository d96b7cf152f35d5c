namespace ToxicComments.Tokenization;

/// <summary>How long a batch's rows are made.</summary>
public enum PaddingStrategy
{
    /// <summary>As long as the longest sequence in the batch (dynamic padding).</summary>
    Longest,

    /// <summary>Always the maximum length, as the tutorial does (<c>padding="max_length"</c>, 512).</summary>
    MaxLength,
}

/// <summary>The padding of a batch: a strategy, and optionally a multiple the length is rounded up to (8 suits tensor cores).</summary>
public sealed record Padding(PaddingStrategy Strategy = PaddingStrategy.Longest, int? MultipleOf = null)
{
    /// <summary>Pad to the longest sequence in each batch.</summary>
    public static Padding Dynamic { get; } = new();

    /// <summary>Pad every sequence to the maximum length, as the tutorial does.</summary>
    public static Padding Fixed { get; } = new(PaddingStrategy.MaxLength);

    /// <summary>The row length of a batch whose longest sequence has <paramref name="longest"/> tokens.</summary>
    public int RowLength(int longest, int maxLength)
    {
        int length = Strategy == PaddingStrategy.MaxLength ? maxLength : longest;
        if (MultipleOf is > 1 and var multiple)
        {
            length = (length + multiple - 1) / multiple * multiple;
        }
        return length;
    }

    /// <summary>
    /// Tokens a model processes for one pass over <paramref name="lengths"/> in batches of <paramref name="batchSize"/>,
    /// in the given order: the real tokens plus the padding.
    /// </summary>
    public long ProcessedTokens(IReadOnlyList<int> lengths, int batchSize, int maxLength)
    {
        long total = 0;
        for (int start = 0; start < lengths.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, lengths.Count - start);
            int longest = 0;
            for (int i = start; i < start + count; i++)
            {
                longest = Math.Max(longest, lengths[i]);
            }
            total += (long)count * RowLength(longest, maxLength);
        }
        return total;
    }
}
