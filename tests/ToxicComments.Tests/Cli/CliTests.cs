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
    /// The README's first command, as a user on a fresh clone runs it: every stage on the embedded real sample with
    /// the recommended recipe, scored on Kaggle's 1,027 scored test rows, offline, ending in a report that renders
    /// with no network, every chart drawn. A tiny encoder stands in for MiniLM, so that it takes seconds, not
    /// minutes; bench/default-run runs it with MiniLM and checks the figure and the model's answers.
    /// </summary>
    [Fact]
    public void Run_Defaults_TrainsOnTheRealSampleAndScoresKagglesTestRows_ReportRendersOffline()
    {
        using var temp = new TempFolder();
        string encoder = TinyClassifier.Save(temp.File("tiny-bert"), seed: 1);

        ToxicProcess.Result result = ToxicProcess.RunWithoutNetwork(temp.Path, "", "run", "--model", encoder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2,886 comments from embedded:jigsaw-sample/train.csv", result.Stdout);
        Assert.Contains("recipe recommended", result.Stdout);
        Assert.Contains("All: kept 2,886 of 2,886", result.Stdout);
        Assert.Contains("test: Kaggle's 1,027 scored rows", result.Stdout);
        var stages = new StageFolders(Path.Combine(temp.Path, "artifacts", "run"));
        DatasetSplit saved = SplitStore.Load(stages.Split);
        Assert.NotNull(saved.Validation);
        Assert.Equal(2886, saved.Train.Count + saved.Validation.Count);
        Assert.Equal(1027, saved.Test.Count);
        Assert.Contains("soup of 2 (seeds 42, 43)", result.Stdout);
        Assert.Matches(@"07 evaluate macro ROC AUC 0\.\d{4} on 1,027 test comments", result.Stdout);

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(stages.Metrics));
        Assert.Equal(1027, metrics.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("recommended", metrics.RootElement.GetProperty("data").GetProperty("recipe").GetString());
        Assert.True(metrics.RootElement.GetProperty("timings_seconds").TryGetProperty("train", out _));
        Assert.Equal(1028, File.ReadAllLines(Path.Combine(stages.Evaluate, "predictions.csv")).Length);
        // The model travels with its card: Hugging Face's header, its training, the test metrics stage 07 measured.
        string card = File.ReadAllText(Path.Combine(stages.Model, "README.md"));
        Assert.StartsWith("---\nlicense: other\n", card, StringComparison.Ordinal);
        Assert.Contains("pipeline_tag: text-classification\n", card, StringComparison.Ordinal);
        Assert.Contains("datasets:\n- jigsaw_toxicity_pred\n", card, StringComparison.Ordinal);
        Assert.Contains($"{saved.Train.Count:N0} training comments and {saved.Validation.Count:N0} validation comments from `embedded:jigsaw-sample/train.csv", card, StringComparison.Ordinal);
        Assert.Contains("trust_remote_code=True", card, StringComparison.Ordinal);
        double macro = metrics.RootElement.GetProperty("roc_auc").GetProperty("macro").GetDouble();
        Assert.Contains("1,027 comments: the run's test split", card, StringComparison.Ordinal);
        Assert.Contains($"| **mean** | **{macro.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}** |", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Not evaluated yet", card, StringComparison.Ordinal);
        Assert.Contains("## Intended use and limits", card, StringComparison.Ordinal);
        // Loss per epoch, loss per step, ROC, PR: each drawn by plotly into an svg, with no network.
        string[] charts = HeadlessChromium.DumpDom(stages.Report).Split("id=\"chart-").Skip(1).ToArray();
        Assert.Equal(4, charts.Length);
        Assert.All(charts, chart => Assert.Contains("<g class=\"trace scatter", chart));
    }

    /// <summary>
    /// One flag gives the tutorial's run: its filter, its random split, its head from random weights, one model; here
    /// on the synthetic set, whose test files then give the test rows.
    /// </summary>
    [Fact]
    public void Run_RecipeTutorial_FiltersSplitsAndTrainsAsTheTutorial()
    {
        using var temp = new TempFolder();
        string encoder = TinyClassifier.Save(temp.File("tiny-bert"), seed: 1);

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--recipe", "tutorial", "--data", "synthetic", "--model", encoder, "--epochs", "1", "--max-length", "64");

        Assert.True(result.ExitCode == 0, result.Stderr);
        int labelled = ToxicComments.Data.EmbeddedDataset.Synthetic.Train().LabelledCount;
        Assert.Contains($"LabelledOnly: kept {labelled:N0} of 4,000", result.Stdout);
        Assert.Contains("03 split   Random, seed 42", result.Stdout);
        Assert.DoesNotContain("linear probe", result.Stdout);
        var stages = new StageFolders(Path.Combine(temp.Path, "artifacts", "run"));
        (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model, _) =
            ToxicComments.Modeling.PretrainedModels.LoadSequenceClassifier(stages.Model);
        using (model)
        {
            Assert.IsType<ToxicComments.Modeling.Heads.ToxicCommentClassifier>(model);
        }
        Assert.False(Directory.Exists(stages.Soup), "the tutorial trains one model");
    }

    [Theory]
    [InlineData("--recipe", "fast", "--recipe must be recommended or tutorial, not 'fast'.")]
    [InlineData("--epochs", "0", "--epochs must be 1 or more, not 0.")]
    [InlineData("--batch-size", "0", "--batch-size must be 1 or more, not 0.")]
    [InlineData("--learning-rate", "0", "--learning-rate must be above 0, not 0.")]
    [InlineData("--threads", "0", "--threads must be 1 or more, not 0.")]
    [InlineData("--warmup-ratio", "2", "--warmup-ratio must be from 0 to 1, not 2.")]
    [InlineData("--device", "foo", "--device must be auto, cpu, cuda or cuda:N, not 'foo'.")]
    [InlineData("--split", "even", "--split must be random or stratified, not 'even'.")]
    [InlineData("--validation-fraction", "1", "--validation-fraction must be at least 0 and below 1, not 1.")]
    public void Run_OptionOutOfRange_IsAUsageErrorBeforeAnythingIsWritten(string option, string value, string message)
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"toxic: {message}", result.Stderr.Trim());
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "artifacts")), "nothing may be written for a usage error");
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
        Assert.Equal("toxic: /no/such/folder: no such file or folder (nor an embedded data set: jigsaw-sample or synthetic).", result.Stderr.Trim());
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
}
