using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Evaluation;
using ToxicComments.Inference;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Cli;

public sealed class EvaluateCliTests
{
    // Kaggle's layout: test.csv holds the texts, test_labels.csv the labels, -1 everywhere for rows it did not score.
    private const string TestCsv = "id,comment_text\n"
        + "a1,\"You are an idiot, a moron\"\n"
        + "b2,Thanks for fixing the infobox.\n"
        + "c3,\"I will find you, and you will regret it\"\n"
        + "d4,Please cite a source.\n"
        + "e5,\"Go away, idiot\"\n";

    private const string TestLabelsCsv = "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
        + "a1,1,0,1,0,1,0\n"
        + "b2,0,0,0,0,0,0\n"
        + "c3,1,0,0,1,0,0\n"
        + "d4,-1,-1,-1,-1,-1,-1\n"
        + "e5,1,0,0,0,1,0\n";

    private const string ValidationCsv = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
        + "v1,You are stupid,1,0,0,0,1,0\n"
        + "v2,Nice work on the article,0,0,0,0,0,0\n";

    [Fact]
    public void Evaluate_KaggleFiles_SkipsUnscoredRowsPrintsTheReportAndWritesTheFiles()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));
        string test = temp.Write("test.csv", TestCsv), labels = temp.Write("test_labels.csv", TestLabelsCsv);
        string validation = temp.Write("validation.csv", ValidationCsv);

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path,
            "evaluate", "--model", model, "--data", test, "--labels", labels, "--validation", validation, "--out", "eval");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("(1 unscored rows left out)", result.Stdout);
        Assert.Contains("micro avg", result.Stdout);
        Assert.Contains("ROC AUC (on probabilities)", result.Stdout);
        Assert.Contains("ROC AUC on thresholded 0/1 predictions (the tutorial's figure", result.Stdout);

        // The same figures as the library's, on the scored rows only.
        int[,] truth = { { 1, 0, 1, 0, 1, 0 }, { 0, 0, 0, 0, 0, 0 }, { 1, 0, 0, 1, 0, 0 }, { 1, 0, 0, 0, 1, 0 } };
        double[,] probabilities;
        using (CommentScorer scorer = CommentScorer.Load(model, CPU))
        {
            probabilities = scorer.Score(["You are an idiot, a moron", "Thanks for fixing the infobox.", "I will find you, and you will regret it", "Go away, idiot"]);
        }
        TestEvaluation expected = TestEvaluation.Compute(truth, probabilities, LabelNames.All);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "eval", "metrics.json")));
        JsonElement root = metrics.RootElement;
        Assert.Equal(4, root.GetProperty("rows").GetInt32());
        Assert.Equal(5, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(64, root.GetProperty("data").GetProperty("test").GetProperty("sha256").GetString()!.Length);
        Assert.Equal(expected.RocAuc.Macro!.Value, root.GetProperty("roc_auc").GetProperty("macro").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("roc_auc").GetProperty("per_label").GetProperty("severe_toxic").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("at_tuned_thresholds").ValueKind);
        Assert.True(root.GetProperty("timings_seconds").GetProperty("score_test").GetDouble() >= 0);

        string[] predictions = File.ReadAllLines(Path.Combine(temp.Path, "eval", "predictions.csv"));
        Assert.Equal(["a1", "b2", "c3", "e5"], predictions.Skip(1).Select(line => line.Split(',')[0]));
        Assert.True(File.Exists(Path.Combine(temp.Path, "eval", "report.html")));
    }

    [Fact]
    public void Evaluate_Threads_SetsLibtorchsThreadCount_AndMetricsSayIt()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));
        string test = temp.Write("test.csv", TestCsv), labels = temp.Write("test_labels.csv", TestLabelsCsv);
        // One more than the cores: never what libtorch picks by itself.
        int threads = Environment.ProcessorCount + 1;

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path,
            "evaluate", "--model", model, "--data", test, "--labels", labels, "--out", "eval", "--device", "cpu", "--threads", $"{threads}");
        ToxicProcess.Result none = ToxicProcess.Run(temp.Path,
            "evaluate", "--model", model, "--data", test, "--labels", labels, "--out", "eval", "--threads", "0");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "eval", "metrics.json")));
        Assert.Equal(threads, metrics.RootElement.GetProperty("model").GetProperty("cpu_threads").GetInt32());
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--threads must be 1 or more, not 0.", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingLabelsFile_OneLineNamingItAndExitOne()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));
        string test = temp.Write("test.csv", TestCsv);
        string missing = temp.File("test_labels.csv");

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "evaluate", "--model", model, "--data", test, "--labels", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"toxic: {missing}: no such file.", result.Stderr.Trim());
        Assert.False(Directory.Exists(temp.File("artifacts")), "nothing may be written when an input is missing");
    }

    [Fact]
    public void Evaluate_NoModelOption_IsAUsageError()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "evaluate", "--data", "t.csv", "--labels", "l.csv");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--model is required", result.Stderr + result.Stdout);
    }
}
