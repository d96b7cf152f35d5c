using Spectre.Console.Cli;
using ToxicComments.IO;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;
using ToxicComments.Training;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic train</c>: stage 05 alone, on the split that stage 03 saved in <c>--out</c> (or, when there is none, the
/// embedded real sample filtered and split as the recipe says).
/// </summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        using var owner = RunFolderLock.Acquire(settings.Out);
        var stages = new StageFolders(settings.Out);
        Recipe recipe = settings.UseRecipe();
        DatasetSplit split = stages.LoadSplit(recipe);
        FineTuning job = FineTuning.Prepare(split, settings.ToFineTuneSettings(recipe), stages);
        CheckpointPlan plan = job.PlanCheckpoints();
        TrainingConsole.ReportTokens(job);
        FineTuneResult result = TrainingConsole.Run(job, plan, cancellationToken);
        return result.Training.Outcome == TrainingOutcome.Cancelled ? 130 : 0;
    }
}
