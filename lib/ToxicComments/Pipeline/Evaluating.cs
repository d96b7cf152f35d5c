using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Evaluation;
using ToxicComments.Inference;
using ToxicComments.IO;
using ToxicComments.Modeling.Folders;
using ToxicComments.Reporting;
using ToxicComments.Training;
using static TorchSharp.torch;

namespace ToxicComments.Pipeline;

/// <summary>Where stage 07 writes: <c>metrics.json</c>, <c>predictions.csv</c> and the self-contained <c>report.html</c>.</summary>
public sealed record EvaluationFiles(string Metrics, string Predictions, string Report)
{
    /// <summary>The run layout: <c>07-evaluate/metrics.json</c>, <c>07-evaluate/predictions.csv</c>, <c>report.html</c>.</summary>
    public static EvaluationFiles In(StageFolders stages) =>
        new(stages.Metrics, Path.Combine(stages.Evaluate, "predictions.csv"), stages.Report);

    /// <summary>All three in one folder.</summary>
    public static EvaluationFiles In(string folder) =>
        new(Path.Combine(folder, "metrics.json"), Path.Combine(folder, "predictions.csv"), Path.Combine(folder, "report.html"));
}

/// <summary>What stage 07 found: the metrics, and the probabilities and truths they came from.</summary>
public sealed record EvaluationResult(TestEvaluation Evaluation, double[,] Probabilities, int[,] Labels, string Device, IReadOnlyDictionary<string, double> TimingsSeconds);

/// <summary>
/// Stage 07, as <c>toxic run</c> and <c>toxic evaluate</c> run it: scores the test comments with a saved model,
/// tunes a threshold per label on the validation comments (when given), computes every metric, and writes the
/// metrics file, the predictions and the report.
/// </summary>
public static class Evaluating
{
    /// <summary>
    /// Stage 07 on a run folder, as <c>toxic run</c>, <c>toxic evaluate --run</c> and notebook 07 run it: the model
    /// stage 05 saved scores the test split stage 03 saved, thresholds are tuned on its validation split, and
    /// <c>07-evaluate/metrics.json</c>, <c>07-evaluate/predictions.csv</c> and <c>report.html</c> (with stage 05's
    /// losses) are written.
    /// </summary>
    /// <param name="stages">The run folder.</param>
    /// <param name="device">Where to score.</param>
    /// <param name="data">What <c>metrics.json</c> says of the data; by default, the saved split's folder and sizes.</param>
    /// <param name="title">The report's title; by default, the run folder's.</param>
    /// <param name="timings">The run's timings so far, which this stage's laps join.</param>
    /// <exception cref="FileNotFoundException">The run folder has no saved split or no model.</exception>
    public static EvaluationResult Run(StageFolders stages, Device device, IReadOnlyDictionary<string, object?>? data = null,
                                       string? title = null, StageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (!File.Exists(Path.Combine(stages.Split, "test.csv")))
        {
            throw new FileNotFoundException($"{stages.Split}: no saved split (test.csv); run stages 01 to 03 first (toxic run).", Path.Combine(stages.Split, "test.csv"));
        }
        timings ??= new StageTimings();
        DatasetSplit split = SplitStore.Load(stages.Split);
        data ??= new Dictionary<string, object?>
        {
            ["split"] = new Dictionary<string, object?>
            {
                ["folder"] = Path.GetFullPath(stages.Split),
                ["train"] = split.Train.Count, ["validation"] = split.Validation?.Count ?? 0, ["test"] = split.Test.Count,
            },
        };
        LossHistory? losses = File.Exists(stages.StepLosses) && File.Exists(stages.EpochLosses) ? LossHistory.Load(stages.StepLosses, stages.EpochLosses) : null;
        EvaluationResult result = Run(stages.Model, split.Test, split.Validation, device, EvaluationFiles.In(stages), data, losses,
            title ?? $"Run {Path.GetFileName(Path.GetFullPath(stages.Root))}", timings);
        // The run's own model: its card gets the test metrics (a model evaluated from elsewhere is left as it is).
        ModelCard.AddEvaluation(stages.Model, result.Evaluation, $"the run's test split, `{split.Test.Source}`");
        return result;
    }

    /// <param name="modelFolder">A saved classifier (stage 05's <c>model/</c>, or any Hugging Face classification folder).</param>
    /// <param name="test">Scored test comments.</param>
    /// <param name="validation">Labelled comments to tune thresholds on; null for 0.5 only.</param>
    /// <param name="device">Where to score.</param>
    /// <param name="files">Where to write.</param>
    /// <param name="data">The data's identity for <c>metrics.json</c> (files, row counts).</param>
    /// <param name="losses">Stage 05's losses for the report; null when the model was not trained in this run.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="timings">The run's timings so far, which this stage's laps join; null for this stage's alone.</param>
    /// <exception cref="InvalidDataException">No test comments, or the model's labels are not Jigsaw's six.</exception>
    public static EvaluationResult Run(string modelFolder, CommentSet test, CommentSet? validation, Device device, EvaluationFiles files,
                                       IReadOnlyDictionary<string, object?> data, LossHistory? losses, string title,
                                       StageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(files);
        if (test.Count == 0)
        {
            throw new InvalidDataException($"{test.Source}: no scored comments; nothing to evaluate.");
        }
        timings ??= new StageTimings();
        using CommentScorer scorer = CommentScorer.Load(modelFolder, device);
        if (!scorer.Labels.SequenceEqual(LabelNames.All))
        {
            throw new InvalidDataException($"{modelFolder}: the model's labels are {string.Join(", ", scorer.Labels)}; Jigsaw's are {string.Join(", ", LabelNames.All)}.");
        }
        timings.Lap("load_model");
        double[,] probabilities = scorer.Score(test.Select(c => c.Text).ToList());
        timings.Lap("score_test");
        TunedThresholds? tuned = null;
        if (validation is { Count: > 0 })
        {
            tuned = ThresholdTuning.Tune(validation.LabelMatrix(), scorer.Score(validation.Select(c => c.Text).ToList()), LabelNames.All);
            timings.Lap("score_validation");
        }
        int[,] labels = test.LabelMatrix();
        TestEvaluation evaluation = TestEvaluation.Compute(labels, probabilities, LabelNames.All, tuned);
        timings.Lap("metrics");

        var model = new Dictionary<string, object?>
        {
            ["folder"] = Path.GetFullPath(modelFolder),
            ["labels"] = scorer.Labels,
            ["max_length"] = scorer.MaxLength,
            ["weights"] = FileIdentity.Describe(Path.Combine(modelFolder, "model.safetensors")),
            ["device"] = scorer.Device.ToString(),
            ["cpu_threads"] = TorchSharp.torch.get_num_threads(),
        };
        MetricsFile.Write(files.Metrics, evaluation, new MetricsContext(data, model, timings.Seconds));
        PredictionsCsv.Write(files.Predictions, test.Select(c => c.Id).ToList(), probabilities, labels, LabelNames.All);
        RunReport.Write(files.Report, new ReportContent(title, evaluation, labels, probabilities, losses,
            [new("model", Path.GetFullPath(modelFolder)), new("test", $"{test.Source} ({test.Count:N0} comments)"), new("device", scorer.Device.ToString())]));
        return new EvaluationResult(evaluation, probabilities, labels, scorer.Device.ToString(), timings.Seconds);
    }
}
