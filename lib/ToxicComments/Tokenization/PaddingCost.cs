using ToxicComments.Data.Splitting;

namespace ToxicComments.Tokenization;

/// <summary>One way of batching, and what a pass over the data costs with it.</summary>
/// <param name="Strategy">How batches are formed and padded.</param>
/// <param name="ProcessedTokens">Tokens the model processes in one epoch, padding included.</param>
/// <param name="PaddingShare">The share of those that are padding.</param>
/// <param name="VersusReal">Processed tokens over real tokens (1.0 = no padding at all).</param>
public sealed record PaddingCost(string Strategy, long ProcessedTokens, double PaddingShare, double VersusReal)
{
    /// <summary>
    /// The tutorial's fixed padding to <paramref name="maxLength"/>, dynamic padding of randomly drawn batches,
    /// and dynamic padding of length-bucketed batches (sorted by length: the most any bucketing can save).
    /// </summary>
    public static IReadOnlyList<PaddingCost> Compare(IReadOnlyList<int> lengths, int batchSize, int maxLength, uint seed = 42)
    {
        long real = lengths.Sum(l => (long)l);
        int[] shuffled = [.. lengths];
        new NumpyRandomState(seed).Shuffle<int>(shuffled);
        int[] sorted = [.. lengths.Order()];
        PaddingCost Cost(string name, IReadOnlyList<int> order, Padding padding)
        {
            long processed = padding.ProcessedTokens(order, batchSize, maxLength);
            return new PaddingCost(name, processed, 1 - ((double)real / processed), (double)processed / real);
        }
        return
        [
            Cost($"fixed: every row padded to {maxLength} (the tutorial)", shuffled, Padding.Fixed),
            Cost($"dynamic: random batches of {batchSize}, padded to their longest", shuffled, Padding.Dynamic),
            Cost($"dynamic: batches of {batchSize} of similar length", sorted, Padding.Dynamic),
        ];
    }
}
