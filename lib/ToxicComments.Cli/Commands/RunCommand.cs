using System.Globalization;
using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.IO;
using ToxicComments.Pipeline;
using ToxicComments.Runtime;
using ToxicComments.Training;

namespace ToxicComments.Cli.Commands;

/// <summary><c>toxic run</c>: the tutorial's stages end to end, the same library calls as the notebooks.</summary>
internal sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : TrainSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Folder with Kaggle's train.csv (or the file itself). Default: the embedded synthetic set.")]
        public string? Data { get; init; }

        [CommandOption("--filter <MODE>")]
        [Description("labelled (the tutorial: only comments with a label) or all (clean comments too).")]
        [DefaultValue(CommentFilterMode.LabelledOnly)]
        [TypeConverter(typeof(FilterModeConverter))]
        public CommentFilterMode Filter { get; init; } = CommentFilterMode.LabelledOnly;

        [CommandOption("--test-fraction <SHARE>")]
        [Description("Share of rows held out for testing.")]
        [DefaultValue(0.2)]
        public double TestFraction { get; init; } = 0.2;

        [CommandOption("--validation-fraction <SHARE>")]
        [Description("Share of the remaining rows held out for validation (0 for none).")]
        [DefaultValue(0.1)]
        public double ValidationFraction { get; init; } = 0.1;

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the split (the tutorial's random_state); --train-seed seeds training.")]
        [DefaultValue(42u)]
        public uint Seed { get; init; } = 42;

        [CommandOption("--stratify")]
        [Description("Iterative multilabel stratification instead of a random split.")]
        public bool Stratify { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var timings = new StageTimings();
        // Load and filter in one pass: every row is checked, only the kept ones are decoded.
        CommentSet kept = JigsawDataset.LoadTrain(settings.Data, settings.Filter);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]01 load[/]    {kept.SourceRows:N0} comments from {kept.Source}, all checked");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]02 filter[/]  {settings.Filter}: kept {kept.Count:N0} of {kept.SourceRows:N0}");

        var stages = new StageFolders(settings.Out);

        var options = new SplitOptions
        {
            TestFraction = settings.TestFraction,
            ValidationFraction = settings.ValidationFraction,
            Seed = settings.Seed,
            Strategy = settings.Stratify ? SplitStrategy.IterativeStratified : SplitStrategy.Random,
        };
        DatasetSplit split = DatasetSplitter.Split(kept, options);
        FineTuning job = FineTuning.Prepare(split, settings.ToFineTuneSettings(split.Train));
        job.ThrowIfEarlierRunInTheWay(stages);
        // Saved only once the options have been checked, the model loaded and the run folder found free, so a
        // refused run leaves the earlier one as it was.
        JigsawWriter.WriteTrain(kept, stages.FilteredTrain);
        SplitStore.Save(split, stages.Split);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]03 split[/]   {options.Strategy}, seed {options.Seed}; saved under {stages.Root}");
        AnsiConsole.Write(SplitTable(split));
        TrainingConsole.ReportTokens(job);
        timings.Lap("load_split_tokenize");

        FineTuneResult trained = TrainingConsole.Run(stages, job, cancellationToken);
        timings.Lap("train");
        if (trained.Training.Outcome == TrainingOutcome.Cancelled)
        {
            return 130;
        }
        job.Model.Dispose();

        // 06 plots the losses into the report; 07 scores the test split with the best epoch's model.
        var data = new Dictionary<string, object?>
        {
            ["source"] = kept.Source,
            ["file"] = settings.Data is null ? null : FileIdentity.Describe(File.Exists(settings.Data) ? settings.Data : Path.Combine(settings.Data, "train.csv")),
            ["filter"] = settings.Filter.ToString(),
            ["split"] = new Dictionary<string, object?>
            {
                ["strategy"] = options.Strategy.ToString(), ["seed"] = options.Seed,
                ["train"] = split.Train.Count, ["validation"] = split.Validation?.Count ?? 0, ["test"] = split.Test.Count,
            },
        };
        EvaluationResult evaluated = Evaluating.Run(trained.ModelFolder, split.Test, split.Validation, TorchRuntime.PickDevice(settings.Device),
            EvaluationFiles.In(stages), data, LossHistory.Load(stages.StepLosses, stages.EpochLosses),
            $"{settings.Model} fine-tuned on {kept.Source}", timings);
        Console.Out.Write(evaluated.Evaluation.ToString());
        string macro = evaluated.Evaluation.RocAuc.Macro is { } auc ? auc.ToString("F4", CultureInfo.InvariantCulture) : "undefined";
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[bold]07 evaluate[/] macro ROC AUC {macro} on {split.Test.Count:N0} test comments; metrics in {stages.Metrics}, report in {stages.Report} ({timings.Total:F0} s in all)");
        return 0;
    }

    // Labels down, splits across: fits an 80-column terminal.
    private static Table SplitTable(DatasetSplit split)
    {
        var parts = split.Parts().ToList();
        var table = new Table().AddColumn("");
        foreach ((string name, _) in parts)
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }
        table.AddRow(["rows", .. parts.Select(p => p.Rows.Count.ToString("N0", CultureInfo.InvariantCulture))]);
        int[][] counts = parts.Select(p => p.Rows.LabelCounts()).ToArray();
        for (int label = 0; label < LabelNames.Count; label++)
        {
            int index = label;
            table.AddRow([LabelNames.All[label], .. counts.Select(c => c[index].ToString("N0", CultureInfo.InvariantCulture))]);
        }
        return table;
    }
}
