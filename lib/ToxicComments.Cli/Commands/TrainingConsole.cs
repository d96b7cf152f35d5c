using System.Globalization;
using Spectre.Console;
using ToxicComments.Pipeline;
using ToxicComments.Training;
using ToxicComments.Training.Ensembling;
using ToxicComments.Training.Probing;

namespace ToxicComments.Cli.Commands;

/// <summary>Stage 05 on the console: a progress bar with the loss, tokens/s and time left, and a line per epoch.</summary>
internal static class TrainingConsole
{
    /// <summary>Runs stage 05 with a live progress bar; Ctrl+C stops at the next step with a checkpoint.</summary>
    /// <param name="job">The prepared stage.</param>
    /// <param name="plan">Where each model starts, resolved by the caller before it wrote anything.</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C or SIGTERM.</param>
    public static FineTuneResult Run(FineTuning job, CheckpointPlan plan, CancellationToken cancellationToken)
    {
        StageFolders stages = job.Stages;
        FineTuneResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("[bold]05 train[/]  starting", maxValue: 1);
                var progress = new SynchronousProgress<TrainingProgress>(update =>
                {
                    task.MaxValue = update.TotalSteps;
                    task.Value = update.Step;
                    string member = update.SoupSize > 1 ? Invariant($"member {update.SoupMember}/{update.SoupSize}  ") : "";
                    task.Description = Invariant($"[bold]05 train[/]  {member}epoch {update.Epoch + 1}/{update.Epochs}  loss {update.Loss:F4}  {update.TokensPerSecond:N0} tok/s");
                    if (update.EpochEnded is { } epoch)
                    {
                        string validation = epoch.ValidationLoss is { } v ? Invariant($", validation loss {v:F4}") : "";
                        AnsiConsole.MarkupLine(Invariant($"           {member}epoch {epoch.Epoch + 1}: train loss {epoch.TrainLoss:F4}{validation} (step {epoch.Step}, {epoch.Seconds:F0} s)"));
                    }
                });
                result = job.Train(plan, progress, ReportProbe, cancellationToken);
                task.Value = task.MaxValue;
            });
        TrainingResult training = result!.Training;
        string outcome = training.Outcome switch
        {
            TrainingOutcome.Cancelled => $"stopped at step {training.History.Steps.Count}; checkpoint {training.LastCheckpoint}: continue with --resume",
            TrainingOutcome.StoppedEarly => $"stopped early: validation loss stopped improving after epoch {training.BestEpoch + 1}",
            _ => "done",
        };
        if (result.Soup is { } soup)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[bold]05 train[/]  {outcome}; each member's best epoch in {stages.Soup}, losses in {stages.Train}");
            AnsiConsole.MarkupLine(Invariant($"[bold]05 train[/]  soup of {soup.Members.Count} (seeds {string.Join(", ", soup.Members.Select(m => m.Seed))}){Describe(soup)}, {soup.Seconds:F0} s; model in {Markup.Escape(result.ModelFolder)}"));
            return result;
        }
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[bold]05 train[/]  {outcome}; best model (epoch {training.BestEpoch + 1}) in {result.ModelFolder}, losses in {stages.Train}");
        return result;
    }

    // Short enough not to wrap on an 80-column console.
    private static void ReportProbe(LinearProbeFit probe)
    {
        string chosen = probe.Candidates.Single(c => c.L2 == probe.L2).ValidationRocAuc is { } auc
            ? Invariant($"L2 {probe.L2:G} (validation ROC AUC {auc:F4})")
            : Invariant($"L2 {probe.L2:G} (default)");
        AnsiConsole.MarkupLine(Invariant($"[bold]05 train[/]  head from a linear probe, {chosen}, {probe.Seconds:F0} s"));
    }

    /// <summary>The soup's validation ROC AUC next to its members', when they were scored.</summary>
    private static string Describe(SoupFit soup) =>
        soup.Validation?.Macro is { } auc
            ? Invariant($": validation ROC AUC {auc:F4}; members {string.Join(", ", soup.Members.Select(m => m.Validation?.Macro is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-"))}")
            : "";

    /// <summary>Stage 04's line: what tokenizing the split gave.</summary>
    public static void ReportTokens(FineTuning job)
    {
        TokenizedComments train = job.TrainSet;
        string validation = job.ValidationSet is { } v ? Invariant($"; {v.Count:N0} validation comments") : "; no validation set";
        AnsiConsole.MarkupLine(Invariant(
            $"[bold]04 tokenize[/] {train.Count:N0} training comments, {train.TokenCount:N0} tokens, {train.Texts.TruncatedCount:N0} cut at {job.MaxLength}{validation}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
