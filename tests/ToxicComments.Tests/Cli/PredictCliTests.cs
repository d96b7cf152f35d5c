using System.Globalization;
using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Inference;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Cli;

public sealed class PredictCliTests
{
    private static readonly string[] Texts = ["You are an idiot", "Thanks for fixing the infobox.", "I will find you and you will regret it"];

    [Fact]
    public void Predict_JsonLines_OneLinePerInputWithTheLibrarysProbabilitiesAndDecisions()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));
        double[,] expected;
        using (CommentScorer scorer = CommentScorer.Load(model, CPU))
        {
            expected = scorer.Score(Texts);
        }
        // A threshold equal to one of the probabilities: that cell must be decided 1 (at least the threshold).
        double threshold = expected[1, 0];
        string input = string.Concat(Texts.Select(t => JsonSerializer.Serialize(new { text = t }) + "\n"));

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, input,
            "predict", "--model", model, "--threshold", threshold.ToString("R", CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(Texts.Length, lines.Length);
        int ones = 0;
        for (int row = 0; row < Texts.Length; row++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[row]);
            for (int label = 0; label < LabelNames.Count; label++)
            {
                double p = line.RootElement.GetProperty("probabilities").GetProperty(LabelNames.All[label]).GetDouble();
                int decision = line.RootElement.GetProperty("predictions").GetProperty(LabelNames.All[label]).GetInt32();
                Assert.Equal(expected[row, label], p, 1e-6);
                Assert.Equal(expected[row, label] >= threshold ? 1 : 0, decision);
                ones += decision;
            }
        }
        Assert.InRange(ones, 1, (Texts.Length * LabelNames.Count) - 1);
    }

    [Fact]
    public void Predict_BadLine_NamesTheLineAndExitsOne()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));

        ToxicProcess.Result notJson = ToxicProcess.RunWithInput(temp.Path, "{\"text\": \"fine\"}\nnot json\n", "predict", "--model", model);
        ToxicProcess.Result noText = ToxicProcess.RunWithInput(temp.Path, "{\"text\": \"fine\"}\n{\"txt\": 1}\n", "predict", "--model", model);

        Assert.Equal(1, notJson.ExitCode);
        Assert.StartsWith("toxic: stdin:2: not valid JSON", notJson.Stderr);
        Assert.Equal(1, noText.ExitCode);
        Assert.Equal("toxic: stdin:2: expected an object with a string \"text\", as {\"text\": \"...\"}.", noText.Stderr.Trim());
    }

    [Fact]
    public void Predict_MissingModelFolder_OneLineAndExitOne()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "", "predict", "--model", "/no/such/model");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("toxic: /no/such/model: no such model folder.", result.Stderr.Trim());
    }

    [Fact]
    public void Predict_RunFolder_UsesItsTrainedModel()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(new ToxicComments.Pipeline.StageFolders(temp.File("run")).Model);

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "{\"text\": \"hello\"}\n", "predict", "--model", temp.File("run"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(LabelNames.Count, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("predictions").EnumerateObject().Count());
    }
}
