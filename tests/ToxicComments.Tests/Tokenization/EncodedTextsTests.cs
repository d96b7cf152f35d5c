using ToxicComments.Hub;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Tokenization;

public sealed class EncodedTextsTests
{
    private static readonly BertWordPieceTokenizer Tokenizer = OfflineModel.Tokenizer();

    [Fact]
    public void Encode_ManyTextsInParallel_SameAsOneByOneInOrderAndCountsTruncation()
    {
        string[] texts = Enumerable.Range(0, 10_000).Select(i => string.Join(' ', Enumerable.Repeat($"word{i}", i % 40))).ToArray();

        EncodedTexts encoded = EncodedTexts.Encode(Tokenizer, texts, 32);

        Assert.Equal(texts.Select(t => Tokenizer.Encode(t, 32)), encoded.Ids);
        Assert.Equal(texts.Count(t => Tokenizer.Encode(t, 512).Length > 32), encoded.TruncatedCount);
        Assert.True(encoded.TruncatedCount > 0);
    }

    [Fact]
    public void BatchesLongestFirst_LongestFirstTiesInInputOrder_EveryRowOnce()
    {
        var encoded = new EncodedTexts([[1, 2], [1, 2, 3, 4], [1], [1, 2, 3, 4], [1, 2, 3]], truncatedCount: 0, maxLength: 8);

        Assert.Equal([[1, 3], [4, 0], [2]], encoded.BatchesLongestFirst(2));
    }

    [Theory]
    [InlineData(PaddingStrategy.Longest, null, 13, 13)]
    [InlineData(PaddingStrategy.Longest, 8, 13, 16)]
    [InlineData(PaddingStrategy.Longest, 8, 16, 16)]
    [InlineData(PaddingStrategy.MaxLength, null, 13, 512)]
    public void RowLength_Strategy_PadsAsAsked(PaddingStrategy strategy, int? multiple, int longest, int expected)
    {
        Assert.Equal(expected, new Padding(strategy, multiple).RowLength(longest, 512));
    }

    [Fact]
    public void ProcessedTokens_DynamicVersusFixed_CountsPaddingPerBatch()
    {
        int[] lengths = [3, 5, 2, 10, 4];

        Assert.Equal((3 * 5) + (2 * 10), Padding.Dynamic.ProcessedTokens(lengths, 3, 512));
        Assert.Equal(5 * 512, Padding.Fixed.ProcessedTokens(lengths, 3, 512));
    }

    [Fact]
    public void Collate_DynamicPadding_PadsToLongestWithMaskAndSegmentIds()
    {
        int[][] sequences = [[101, 7, 102], [101, 7, 8, 9, 102]];

        using TokenBatch batch = TokenBatch.Collate(sequences, Tokenizer.PaddingId, 512, new Padding(MultipleOf: 8));

        Assert.Equal([2L, 8L], batch.InputIds.shape);
        Assert.Equal(ScalarType.Int64, batch.InputIds.dtype);
        Assert.Equal([101L, 7, 102, 0, 0, 0, 0, 0, 101, 7, 8, 9, 102, 0, 0, 0], batch.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0], batch.AttentionMask.data<long>().ToArray());
        Assert.All(batch.TokenTypeIds.data<long>().ToArray(), v => Assert.Equal(0, v));
        Assert.Equal(8, batch.RealTokens);
    }

    [Fact]
    public void Collate_SequenceLongerThanMaximum_Throws()
    {
        Assert.Throws<ArgumentException>(() => TokenBatch.Collate([[1, 2, 3]], 0, 2, Padding.Dynamic));
    }
}
