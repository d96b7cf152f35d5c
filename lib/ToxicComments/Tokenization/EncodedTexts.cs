using System.Collections.Concurrent;

namespace ToxicComments.Tokenization;

/// <summary>
/// Token ids of many texts, one array per text, unpadded: about 4 bytes a token, so a whole corpus fits where a
/// padded 160k x 512 int64 matrix (655 MB) would not. Batches are padded when they are made (<see cref="TokenBatch"/>).
/// </summary>
public sealed class EncodedTexts
{
    /// <summary>Wraps already encoded sequences.</summary>
    public EncodedTexts(int[][] ids, int truncatedCount, int maxLength)
    {
        Ids = ids;
        TruncatedCount = truncatedCount;
        MaxLength = maxLength;
    }

    /// <summary>The ids of each text, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    public IReadOnlyList<int[]> Ids { get; }

    /// <summary>How many texts there are.</summary>
    public int Count => Ids.Count;

    /// <summary>How many texts lost tokens to truncation.</summary>
    public int TruncatedCount { get; }

    /// <summary>The length every sequence was truncated to, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>The length of each sequence.</summary>
    public int[] Lengths() => Ids.Select(ids => ids.Length).ToArray();

    /// <summary>
    /// Row indices in batches of at most <paramref name="batchSize"/>, longest sequences first (ties in input order):
    /// similar lengths share a batch, so it is padded little, and a batch too large for memory fails at once.
    /// </summary>
    public IEnumerable<int[]> BatchesLongestFirst(int batchSize) =>
        Enumerable.Range(0, Count).OrderByDescending(i => Ids[i].Length).ThenBy(i => i).Chunk(batchSize);

    /// <summary>Encodes <paramref name="texts"/> on every core; the result is in the order of the input.</summary>
    public static EncodedTexts Encode(BertWordPieceTokenizer tokenizer, IReadOnlyList<string> texts, int? maxLength = null)
    {
        int length = maxLength ?? tokenizer.Options.ModelMaxLength;
        var ids = new int[texts.Count][];
        int truncated = 0;
        Parallel.ForEach(Partitioner.Create(0, texts.Count, 2048), range =>
        {
            int cut = 0;
            for (int i = range.Item1; i < range.Item2; i++)
            {
                ids[i] = tokenizer.Encode(texts[i], length, out bool wasTruncated);
                cut += wasTruncated ? 1 : 0;
            }
            Interlocked.Add(ref truncated, cut);
        });
        return new EncodedTexts(ids, truncated, length);
    }
}
