using ToxicComments.Inference;
using ToxicComments.Modeling;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Inference;

public sealed class EmbedderTests
{
    [Fact]
    public void Embed_TextsOfMixedLengths_EachAsIfAlone_InTheirOrder()
    {
        // Batched longest first and padded to the batch: each row must still be its own text's embedding.
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        string[] texts = ["short", "a much longer comment about the article's sources and its talk page", "mid length text", ""];
        using Embedder embedder = Embedder.Load(temp.Path, CPU, Pooling.Mean);

        float[][] together = embedder.Embed(texts);
        float[][] alone = texts.Select(text => embedder.Embed([text])[0]).ToArray();

        Assert.Equal(texts.Length, together.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(embedder.Width, together[i].Length);
            for (int j = 0; j < embedder.Width; j++)
            {
                Assert.Equal(alone[i][j], together[i][j], 1e-5);
            }
        }
        Assert.NotEqual(together[0], together[1]);
    }

    [Fact]
    public void Load_MaxLengthPastThePositionTable_IsCutToIt()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path); // 64 positions

        using Embedder embedder = Embedder.Load(temp.Path, CPU, Pooling.Cls, maxLength: 1000);

        Assert.Equal(64, embedder.MaxLength);
        Assert.Single(embedder.Embed([string.Join(' ', Enumerable.Repeat("word", 500))]));
    }
}
