using ToxicComments.Data;
using ToxicComments.Inference;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Inference;

public sealed class CommentScorerTests
{
    // Lengths differ on purpose, and the input order is not the length order: batches are formed longest first.
    private static readonly string[] Texts =
    [
        "ok",
        "You are an IDIOTic MORON and everyone on this talk page knows it, so stop reverting my edits right now!",
        "Thanks for fixing the infobox.",
        string.Join(' ', Enumerable.Repeat("this comment is far longer than the model's sixty-four positions", 12)),
        "Please cite a source.",
        "",
        "I will find you.",
    ];

    [Fact]
    public void Score_BatchedByLength_EqualsScoringEachTextAloneInInputOrder()
    {
        using var temp = new TempFolder();
        using CommentScorer scorer = CommentScorer.Load(TinyClassifier.Save(temp.Path), CPU);
        scorer.BatchSize = 3;

        double[,] together = scorer.Score(Texts);
        double[][] alone = Texts.Select(scorer.Score).ToArray();

        Assert.Equal(Texts.Length, together.GetLength(0));
        Assert.Equal(LabelNames.Count, together.GetLength(1));
        for (int row = 0; row < Texts.Length; row++)
        {
            for (int label = 0; label < LabelNames.Count; label++)
            {
                Assert.Equal(alone[row][label], together[row, label], 1e-5);
            }
        }
        // A check that could not fail if every text scored the same: the rows must differ by more than the tolerance.
        double spread = Enumerable.Range(0, Texts.Length).Max(row => Math.Abs(together[row, 0] - together[0, 0]));
        Assert.True(spread > 1e-4, $"the texts' scores differ by only {spread}: the order check proves nothing");
    }

    [Fact]
    public void Score_GivesProbabilitiesBetweenZeroAndOne()
    {
        using var temp = new TempFolder();
        using CommentScorer scorer = CommentScorer.Load(TinyClassifier.Save(temp.Path), CPU);

        double[,] probabilities = scorer.Score(Texts);

        Assert.All(probabilities.Cast<double>(), p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(LabelNames.All, scorer.Labels);
    }

    [Fact]
    public void Load_TokenizerAllowsMoreThanTheModelsPositions_TruncatesToThePositions()
    {
        using var temp = new TempFolder();

        TinyClassifier.Save(temp.Path);
        // A tokenizer that allows 512 tokens (this library saves the position table's 64, as transformers must truncate to it).
        string config = temp.File("tokenizer_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_max_length\": 64", "\"model_max_length\": 512", StringComparison.Ordinal));
        using CommentScorer scorer = CommentScorer.Load(temp.Path, CPU);
        using CommentScorer shorter = CommentScorer.Load(temp.Path, CPU, maxLength: 16);

        // The tokenizer says 512; the tiny model has 64 positions, and the longest text needs more.
        Assert.Equal(512, scorer.Tokenizer.Options.ModelMaxLength);
        Assert.Equal(64, scorer.MaxLength);
        Assert.Equal(16, shorter.MaxLength);
        Assert.True(scorer.Tokenizer.Encode(Texts[3]).Length > 64);
        Assert.All(scorer.Score(Texts[3]), p => Assert.InRange(p, 0.0, 1.0));
    }

    [Fact]
    public void Score_NoTexts_GivesAnEmptyMatrix()
    {
        using var temp = new TempFolder();
        using CommentScorer scorer = CommentScorer.Load(TinyClassifier.Save(temp.Path), CPU);

        Assert.Equal(0, scorer.Score([]).GetLength(0));
    }
}
