namespace ToxicComments.Training;

/// <summary>
/// The order in which an epoch visits the training comments, as batches of row indices. With length grouping,
/// rows are shuffled, cut into windows of <see cref="WindowBatches"/> batches, sorted by length inside each window
/// and cut into batches; then the batches are shuffled. Each batch holds comments of similar length (little
/// padding) while which comments meet, and in what order the batches come, stays random (Hugging Face's
/// <c>group_by_length</c> works the same way).
/// </summary>
public static class BatchPlan
{
    /// <summary>Batches per sorting window: large enough to find similar lengths, small enough to stay random.</summary>
    public const int WindowBatches = 50;

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>. The same seed and epoch give the same plan, in any process,
    /// which is what lets a resumed run skip exactly the batches it had already trained on.
    /// </summary>
    /// <param name="lengths">Each row's token count.</param>
    /// <param name="batchSize">Rows per batch; the last batch may be smaller.</param>
    /// <param name="groupByLength">Group rows of similar length (see the class remarks); otherwise a plain shuffle.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch, from 0.</param>
    public static int[][] ForEpoch(IReadOnlyList<int> lengths, int batchSize, bool groupByLength, int seed, int epoch)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // System.Random with a seed is the same generator on every platform and .NET version.
        var random = new Random(unchecked((seed * 1_000_003) + epoch));
        int[] order = Enumerable.Range(0, lengths.Count).ToArray();
        random.Shuffle(order);
        if (groupByLength)
        {
            int window = batchSize * WindowBatches;
            for (int start = 0; start < order.Length; start += window)
            {
                // Stable, so equal lengths keep their shuffled order.
                int[] sorted = order.AsSpan(start, Math.Min(window, order.Length - start)).ToArray()
                    .OrderByDescending(row => lengths[row]).ToArray();
                sorted.CopyTo(order, start);
            }
        }
        int[][] batches = order.Chunk(batchSize).ToArray();
        if (groupByLength)
        {
            random.Shuffle(batches);
        }
        return batches;
    }
}
