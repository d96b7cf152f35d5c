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
        [Description("jigsaw-sample (the default: real Kaggle comments, embedded), synthetic (embedded, generated; fast), or a folder with Kaggle's train.csv (and test.csv + test_labels.csv, whose scored rows are then the test split), or a train.csv file.")]
        public string? Data { get; init; }

        [CommandOption("--filter <MODE>")]
        [Description("all (clean comments too; recommended) or labelled (the tutorial: only comments with a label).")]
        [TypeConverter(typeof(FilterModeConverter))]
        public CommentFilterMode? Filter { get; init; }

        [CommandOption("--test-fraction <SHARE>")]
        [Description("Share of train.csv held out for testing, when the data has no Kaggle test files. Both recipes: 0.2.")]
        public double? TestFraction { get; init; }

        [CommandOption("--validation-fraction <SHARE>")]
        [Description("Share of the training rows held out for validation (0 for none). Both recipes: 0.1.")]
        public double? ValidationFraction { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the split (the tutorial's random_state); --train-seed seeds training.")]
        public uint? Seed { get; init; }

        [CommandOption("--split <STRATEGY>")]
        [Description("stratified (iterative multilabel stratification; recommended) or random (scikit-learn's train_test_split, the tutorial).")]
        public string? Split { get; init; }

        public override ValidationResult Validate()
        {
            ValidationResult training = base.Validate();
            return !training.Successful ? training
                : Split is not (null or "random" or "stratified") ? ValidationResult.Error($"--split must be random or stratified, not '{Split}'.")
                : TestFraction is { } test && test is not (> 0 and < 1) ? ValidationResult.Error($"--test-fraction must be above 0 and below 1, not {test.ToString(CultureInfo.InvariantCulture)}.")
                : ValidationFraction is { } validation && validation is not (>= 0 and < 1) ? ValidationResult.Error($"--validation-fraction must be at least 0 and below 1, not {validation.ToString(CultureInfo.InvariantCulture)}.")
                : ValidationResult.Success();
        }

        /// <summary>The recipe's split, with the options given in its place.</summary>
        public SplitOptions ToSplitOptions(Recipe recipe) => recipe.Split with
        {
            TestFraction = TestFraction ?? recipe.Split.TestFraction,
            ValidationFraction = ValidationFraction ?? recipe.Split.ValidationFraction,
            Seed = Seed ?? recipe.Split.Seed,
            Strategy = Split switch
            {
                "random" => SplitStrategy.Random,
                "stratified" => SplitStrategy.IterativeStratified,
                _ => recipe.Split.Strategy,
            },
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // The run folder is this process's until it ends: a second run into it is refused before either writes.
        using var owner = RunFolderLock.Acquire(settings.Out);
        var timings = new StageTimings();
        Recipe recipe = settings.UseRecipe();
        CommentFilterMode filter = settings.Filter ?? recipe.Filter;
        // Load and filter in one pass: every row is checked, only the kept ones are decoded.
        CommentSet kept = DataStages.Load(settings.Data, filter);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]01 load[/]    {kept.SourceRows:N0} comments from {kept.Source}, all checked; recipe {recipe.Name}");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]02 filter[/]  {filter}: kept {kept.Count:N0} of {kept.SourceRows:N0}");

        var stages = new StageFolders(settings.Out);
        SplitOptions options = settings.ToSplitOptions(recipe);
        DatasetSplit split = DataStages.Split(kept, settings.Data, options);
        FineTuning job = FineTuning.Prepare(split, settings.ToFineTuneSettings(recipe), stages);
        CheckpointPlan plan = job.PlanCheckpoints();
        // Saved only once the options have been checked, the model loaded and the run folder found free, so a
        // refused run leaves the earlier one as it was.
        DataStages.Save(kept, split, stages);
        string test = JigsawDataset.HasTest(settings.Data) ? $"test: Kaggle's {split.Test.Count:N0} scored rows" : "test: held out of train.csv";
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]03 split[/]   {options.Strategy}, seed {options.Seed}; {test}; saved under {stages.Root}");
        AnsiConsole.Write(SplitTable(split));
        TrainingConsole.ReportTokens(job);
        timings.Lap("load_split_tokenize");

        FineTuneResult trained = TrainingConsole.Run(job, plan, cancellationToken);
        timings.Lap("train");
        if (trained.Training.Outcome == TrainingOutcome.Cancelled || cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
        job.Model.Dispose();

        // 06 plots the losses into the report; 07 scores the test split with the best epoch's model.
        var data = new Dictionary<string, object?>
        {
            ["source"] = kept.Source,
            // The bytes trained on, hashed as they were read: a pipe cannot be read twice, a file may change.
            ["file"] = kept.File,
            ["recipe"] = recipe.Name,
            ["filter"] = filter.ToString(),
            ["test"] = split.Test.Source,
            ["split"] = new Dictionary<string, object?>
            {
                ["strategy"] = options.Strategy.ToString(), ["seed"] = options.Seed,
                ["train"] = split.Train.Count, ["validation"] = split.Validation?.Count ?? 0, ["test"] = split.Test.Count,
            },
        };
        EvaluationResult evaluated = Evaluating.Run(stages, TorchRuntime.PickDevice(settings.Device), data,
            $"{settings.Model} fine-tuned on {kept.Source} ({recipe.Name} recipe)", timings);
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
