using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Evaluation;
using ToxicComments.Inference;
using ToxicComments.Reporting;
using ToxicComments.Runtime;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic evaluate</c>: scores Kaggle's test files with a fine-tuned model, prints the classification report and ROC
/// AUC, and writes <c>metrics.json</c>, <c>predictions.csv</c> and <c>report.html</c>. Rows Kaggle did not score (-1 in
/// test_labels.csv) are left out, as Kaggle's leaderboard left them out.
/// </summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FOLDER>")]
        [Description("A fine-tuned model folder, or a run folder holding 05-train/model.")]
        public string Model { get; init; } = "";

        [CommandOption("--data <FILE>")]
        [Description("Kaggle's test.csv (id, comment_text).")]
        public string Data { get; init; } = "";

        [CommandOption("--labels <FILE>")]
        [Description("Kaggle's test_labels.csv (id and the six labels; -1 marks rows that were not scored).")]
        public string Labels { get; init; } = "";

        [CommandOption("--validation <FILE>")]
        [Description("A labelled file in train.csv's layout (e.g. 03-split/validation.csv): tunes a threshold per label on it, reported beside 0.5.")]
        public string? Validation { get; init; }

        [CommandOption("--out <FOLDER>")]
        [Description("Where metrics.json, predictions.csv and report.html go.")]
        [DefaultValue("artifacts/evaluate")]
        public string Out { get; init; } = "artifacts/evaluate";

        [CommandOption("--device <DEVICE>")]
        [Description("auto (CUDA when available), cpu, cuda or cuda:N.")]
        [DefaultValue("auto")]
        public string Device { get; init; } = "auto";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required: a fine-tuned model folder.")
            : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data is required: Kaggle's test.csv.")
            : string.IsNullOrWhiteSpace(Labels) ? ValidationResult.Error("--labels is required: Kaggle's test_labels.csv.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        CommentSet all = JigsawReader.ReadTest(settings.Data, settings.Labels);
        CommentSet test = all.Where(c => c.IsScored, all.Source);
        CommentSet? validation = settings.Validation is null ? null : JigsawReader.ReadTrain(settings.Validation);
        if (test.Count == 0)
        {
            throw new InvalidDataException($"{settings.Labels}: no scored rows (every row is -1); nothing to evaluate.");
        }
        timings["load_data"] = Lap(clock);

        string modelFolder = ModelFolders.Resolve(settings.Model);
        using CommentScorer scorer = CommentScorer.Load(modelFolder, TorchRuntime.PickDevice(settings.Device));
        if (!scorer.Labels.SequenceEqual(LabelNames.All))
        {
            throw new InvalidDataException($"{modelFolder}: the model's labels are {string.Join(", ", scorer.Labels)}; Kaggle's test files have {string.Join(", ", LabelNames.All)}.");
        }
        timings["load_model"] = Lap(clock);

        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"scoring {test.Count:N0} comments ({all.Count - test.Count:N0} unscored rows left out) on {scorer.Device.type}");
        double[,] probabilities = scorer.Score(test.Select(c => c.Text).ToList());
        timings["score_test"] = Lap(clock);
        TunedThresholds? tuned = null;
        if (validation is not null)
        {
            tuned = ThresholdTuning.Tune(validation.LabelMatrix(), scorer.Score(validation.Select(c => c.Text).ToList()), LabelNames.All);
            timings["score_validation"] = Lap(clock);
        }

        int[,] labels = test.LabelMatrix();
        TestEvaluation evaluation = TestEvaluation.Compute(labels, probabilities, LabelNames.All, tuned);
        timings["metrics"] = Lap(clock);

        var data = new Dictionary<string, object?>
        {
            ["test"] = Describe(settings.Data),
            ["labels"] = Describe(settings.Labels),
            ["rows"] = all.Count,
            ["scored_rows"] = test.Count,
            ["validation"] = settings.Validation is null ? null : Describe(settings.Validation),
        };
        var model = new Dictionary<string, object?>
        {
            ["folder"] = Path.GetFullPath(modelFolder),
            ["labels"] = scorer.Labels,
            ["max_length"] = scorer.MaxLength,
            ["weights"] = Describe(Path.Combine(modelFolder, "model.safetensors")),
            ["device"] = scorer.Device.ToString(),
        };
        Directory.CreateDirectory(settings.Out);
        MetricsFile.Write(Path.Combine(settings.Out, "metrics.json"), evaluation, new MetricsContext(data, model, timings));
        PredictionsCsv.Write(Path.Combine(settings.Out, "predictions.csv"), test.Select(c => c.Id).ToList(), probabilities, labels, LabelNames.All);
        RunReport.Write(Path.Combine(settings.Out, "report.html"), new ReportContent(
            $"Evaluation of {Path.GetFileName(Path.GetFullPath(modelFolder))} on {Path.GetFileName(settings.Data)}", evaluation, labels, probabilities, null,
            [new("model", Path.GetFullPath(modelFolder)), new("test", $"{settings.Data} ({test.Count:N0} scored rows)"), new("device", scorer.Device.ToString())]));

        // Plain text, as scikit-learn prints it, so the figures can be diffed against Python's.
        Console.Out.Write(evaluation.ToString());
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"wrote metrics.json, predictions.csv and report.html to {settings.Out}");
        return 0;
    }

    private static double Lap(Stopwatch clock)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return Math.Round(seconds, 3);
    }

    // A file's identity: where it was, how big, and its SHA-256, so a metrics file names exactly what it measured.
    private static Dictionary<string, object?>? Describe(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using FileStream stream = File.OpenRead(path);
        return new Dictionary<string, object?>
        {
            ["path"] = Path.GetFullPath(path),
            ["bytes"] = stream.Length,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)),
        };
    }
}
