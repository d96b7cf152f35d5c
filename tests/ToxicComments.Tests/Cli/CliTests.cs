using System.Text.Json;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Cli;

public sealed class CliTests
{
    private const string Header = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n";

    /// <summary>
    /// Help for the command and every subcommand prints and exits 0. Descriptions are Spectre.Console markup, where
    /// "[CLS]" or "[...]" is read as a style and the help crashed with "Could not find color or style".
    /// </summary>
    [Theory]
    [InlineData]
    [InlineData("run")]
    [InlineData("train")]
    [InlineData("tokenize")]
    [InlineData("embed")]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("data", "synth")]
    [InlineData("model", "download")]
    public void Help_EveryCommand_PrintsUsageAndExitsZero(params string[] command)
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, [.. command, "--help"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("USAGE:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The README's first command as a user on a fresh clone runs it: every stage on the embedded set with the
    /// offline MiniLM, ending in a report that renders with no network, every chart drawn.
    /// </summary>
    [Fact]
    public void Run_NoArguments_RunsEveryStageAndWritesAReportThatRendersOffline()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithoutNetwork(temp.Path, "", "run");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("4,000 comments from embedded:synthetic/train.csv", result.Stdout);
        Assert.Contains("02 filter", result.Stdout);
        var stages = new StageFolders(Path.Combine(temp.Path, "artifacts", "run"));
        DatasetSplit saved = SplitStore.Load(stages.Split);
        Assert.NotNull(saved.Validation);
        Assert.Equal(EmbeddedDatasetLabelled(), saved.Train.Count + saved.Validation.Count + saved.Test.Count);
        Assert.Contains("epoch 2: train loss", result.Stdout);
        Assert.Matches(@"07 evaluate macro ROC AUC 0\.\d{4} on \d+ test comments", result.Stdout);

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(stages.Metrics));
        Assert.Equal(saved.Test.Count, metrics.RootElement.GetProperty("rows").GetInt32());
        Assert.True(metrics.RootElement.GetProperty("timings_seconds").TryGetProperty("train", out _));
        Assert.Equal(saved.Test.Count + 1, File.ReadAllLines(Path.Combine(stages.Evaluate, "predictions.csv")).Length);
        // Loss per epoch, loss per step, ROC, PR: each drawn by plotly into an svg, with no network.
        string[] charts = HeadlessChromium.DumpDom(stages.Report).Split("id=\"chart-").Skip(1).ToArray();
        Assert.Equal(4, charts.Length);
        Assert.All(charts, chart => Assert.Contains("<g class=\"trace scatter", chart));
    }

    [Theory]
    [InlineData("a,\"x\",0,0,0,2,0,0\n", ":2: column 'threat': expected 0 or 1, found '2'")]
    [InlineData("a,\"never closed,0,0,0,0,0,0\n", ":2: column 'comment_text': unterminated quoted field")]
    [InlineData("a,\"x\",0,0,0,0,0\n", ":2: expected 8 fields, found 7")]
    public void Run_BadTrainCsv_OneLineErrorWithTheLineAndExitCodeOne(string row, string expected)
    {
        using var temp = new TempFolder();
        string train = temp.Write("train.csv", Header + row);

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--data", train);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"toxic: {train}{expected}", result.Stderr.TrimEnd().Split('\n').Single()[..$"toxic: {train}{expected}".Length]);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "artifacts")), "nothing may be written for bad input");
    }

    [Fact]
    public void Run_MissingColumnOrEmptyFile_NamesTheFile()
    {
        using var temp = new TempFolder();
        string noThreat = temp.Write("no-threat.csv", "id,comment_text,toxic,severe_toxic,obscene,insult,identity_hate\n");
        string empty = temp.Write("empty.csv", "");

        ToxicProcess.Result missing = ToxicProcess.Run(temp.Path, "run", "--data", noThreat);
        ToxicProcess.Result nothing = ToxicProcess.Run(temp.Path, "run", "--data", empty);

        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"toxic: {noThreat}:1: column 'threat': missing", missing.Stderr);
        Assert.Equal(1, nothing.ExitCode);
        Assert.StartsWith($"toxic: {empty}: the file is empty", nothing.Stderr);
    }

    [Fact]
    public void Run_WrongPath_ExitsNonZeroNamingThePath()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--data", "/no/such/folder");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("toxic: /no/such/folder: no such file or folder.", result.Stderr.Trim());
    }

    [Fact]
    public void Run_UnknownOption_IsAUsageError()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Run_BadFilterValue_SaysWhichValuesItTakes()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--filter", "bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("toxic: --filter must be 'labelled' or 'all', not 'bogus'.", result.Stderr.Trim());
    }

    [Fact]
    public void DataSynth_WritesFilesTheReaderAccepts()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "data", "synth", "--rows", "40", "--seed", "3", "--out", "synth");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(40, JigsawReader.ReadTrain(Path.Combine(temp.Path, "synth", "train.csv")).Count);
        Assert.Equal(10, JigsawDataset.LoadTest(Path.Combine(temp.Path, "synth")).Count);
    }

    private static int EmbeddedDatasetLabelled() => ToxicComments.Data.EmbeddedDataset.Train().LabelledCount;
}
