using System.Text.Json;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Tests.Support;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Cli;

public sealed class EmbedCliTests
{
    private static readonly string[] Texts = ["You are an idiot", "Thanks for fixing the infobox.", "Thank you for correcting the infobox!"];

    [Fact]
    public void Embed_WithoutAnyNetwork_WritesTheEncodersMeanPooledStates()
    {
        using var temp = new TempFolder();
        string input = string.Concat(Texts.Select(t => JsonSerializer.Serialize(new { text = t }) + "\n"));

        ToxicProcess.Result result = ToxicProcess.RunWithoutNetwork(temp.Path, input, "embed");

        Assert.True(result.ExitCode == 0, result.Stderr);
        float[][] embeddings = result.Stdout.TrimEnd('\n').Split('\n')
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray())
            .ToArray();
        Assert.Equal(Texts.Length, embeddings.Length);
        Assert.All(embeddings, e => Assert.Equal(384, e.Length));
        float[] expected = LibraryEmbedding(Texts[0]);
        Assert.All(expected.Zip(embeddings[0]), pair => Assert.Equal(pair.First, pair.Second, 1e-4f));
        // A sentence-embedding model: the two thank-you notes are closer to each other than to the insult.
        Assert.True(Cosine(embeddings[1], embeddings[2]) > Cosine(embeddings[0], embeddings[1]) + 0.2);
    }

    [Fact]
    public void Embed_ModelFolder_UsesItsEncoderWithClsPooling()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "model");
        manual_seed(5);
        using var task = new ToxicComments.Modeling.Heads.DistilBertForSequenceClassification(
            new ToxicComments.Modeling.DistilBert.DistilBertModel(ToxicComments.Modeling.DistilBert.DistilBertConfig.Tiny() with { VocabSize = 30522 }), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), ["a", "b", "c", "d", "e", "f"], folder);

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "{\"text\": \"hello\"}\n", "embed", "--model", folder, "--pooling", "cls");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(32, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("embedding").GetArrayLength());
    }

    [Fact]
    public void Embed_MissingModelFolder_OneLineAndExitOne()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "", "embed", "--model", "/no/such/model");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("toxic: /no/such/model: no such model folder.", result.Stderr.Trim());
    }

    [Fact]
    public void Embed_BadPooling_IsAUsageErrorNamingTheOption()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "", "embed", "--pooling", "max");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--pooling must be cls or mean", result.Stderr + result.Stdout);
    }

    private static float[] LibraryEmbedding(string text)
    {
        using BertModel model = OfflineModel.LoadEncoder();
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();
        using TokenBatch batch = TokenBatch.Collate([tokenizer.Encode(text, 256)], tokenizer.PaddingId, 256, Padding.Dynamic);
        using var noGrad = no_grad();
        using Tensor hidden = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
        using Tensor pooled = Pool.Apply(hidden, batch.AttentionMask, Pooling.Mean);
        return pooled.data<float>().ToArray();
    }

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
}
