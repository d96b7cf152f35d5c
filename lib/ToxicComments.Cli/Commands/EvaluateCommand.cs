using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.IO;
using ToxicComments.Pipeline;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic evaluate</c>: scores a run folder's test split (<c>--run</c>), or Kaggle's test files with a fine-tuned model, prints the classification report and ROC
/// AUC, and writes <c>metrics.json</c>, <c>predictions.csv</c> and <c>report.html</c>. Rows Kaggle did not score (-1 in
/// test_labels.csv) are left out, as Kaggle's leaderboard left them out.
/// </summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : ScoringSettings
    {
        [CommandOption("--run <FOLDER>")]
        [Description("A run folder (toxic run's or toxic train's --out): scores its saved test split with its model, tunes thresholds on its validation split, and writes 07-evaluate/ and report.html there, as toxic run does.")]
        public string? Run { get; init; }

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

        protected override ValidationResult ValidateOptions() =>
            Run is not null
                ? (Model.Length > 0 || Data.Length > 0 || Labels.Length > 0 || Validation is not null
                    ? ValidationResult.Error("--run scores the run's own model and split: leave out --model, --data, --labels and --validation.")
                    : ValidationResult.Success())
            : string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required: a fine-tuned model folder (or --run, a run folder).")
            : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data is required: Kaggle's test.csv.")
            : string.IsNullOrWhiteSpace(Labels) ? ValidationResult.Error("--labels is required: Kaggle's test_labels.csv.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Run is { } run)
        {
            if (!Directory.Exists(run))
            {
                throw new DirectoryNotFoundException($"{run}: no such run folder.");
            }
            using var owner = RunFolderLock.Acquire(run);
            var stages = new StageFolders(run);
            EvaluationResult evaluated = Evaluating.Run(stages, settings.UseDevice());
            Console.Out.Write(evaluated.Evaluation.ToString());
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"wrote {stages.Metrics}, its predictions.csv and {stages.Report}");
            return 0;
        }
        var timings = new StageTimings();
        CommentSet all = JigsawReader.ReadTest(settings.Data, settings.Labels);
        CommentSet test = all.Where(c => c.IsScored, all.Source);
        CommentSet? validation = settings.Validation is null ? null : JigsawReader.ReadTrain(settings.Validation);
        if (test.Count == 0)
        {
            throw new InvalidDataException($"{settings.Labels}: no scored rows (every row is -1); nothing to evaluate.");
        }
        timings.Lap("load_data");
        string modelFolder = ModelFolders.Resolve(settings.Model);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"scoring {test.Count:N0} comments ({all.Count - test.Count:N0} unscored rows left out)");
        var data = new Dictionary<string, object?>
        {
            ["test"] = FileIdentity.Describe(settings.Data),
            ["labels"] = FileIdentity.Describe(settings.Labels),
            ["rows"] = all.Count,
            ["scored_rows"] = test.Count,
            ["validation"] = settings.Validation is null ? null : FileIdentity.Describe(settings.Validation),
        };
        EvaluationResult result = Evaluating.Run(modelFolder, test, validation, settings.UseDevice(), EvaluationFiles.In(settings.Out),
            data, losses: null, $"Evaluation of {Path.GetFileName(Path.GetFullPath(modelFolder))} on {Path.GetFileName(settings.Data)}", timings);

        // Plain text, as scikit-learn prints it, so the figures can be diffed against Python's.
        Console.Out.Write(result.Evaluation.ToString());
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"wrote metrics.json, predictions.csv and report.html to {settings.Out}");
        return 0;
    }
}
