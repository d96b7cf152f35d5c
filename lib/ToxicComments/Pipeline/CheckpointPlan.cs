using ToxicComments.Training.Checkpoints;

namespace ToxicComments.Pipeline;

/// <summary>
/// Where each model of stage 05 starts, decided once, before anything is trained or written: from scratch, or from
/// a checkpoint, as <see cref="FineTuneSettings.EarlierCheckpoints"/> and <see cref="FineTuneSettings.ResumeFrom"/>
/// say. Checkpoints an earlier run left are refused (unless resumed or restarted) here, so a caller that resolves the
/// plan first writes nothing when it is refused.
/// </summary>
public sealed class CheckpointPlan
{
    private readonly TrainingCheckpoint?[] starts;

    private CheckpointPlan(TrainingCheckpoint?[] starts, bool restart)
    {
        this.starts = starts;
        Restart = restart;
    }

    /// <summary>Whether the earlier run's checkpoints are deleted when training starts (<see cref="EarlierCheckpoints.Restart"/>).</summary>
    public bool Restart { get; }

    /// <summary>Whether every model starts from scratch (then the head is started as the settings say).</summary>
    public bool Fresh => starts.All(start => start is null);

    /// <summary>Where soup member <paramref name="member"/> (from 1) resumes; null to start from the run's starting weights.</summary>
    public TrainingCheckpoint? StartOf(int member) => starts[member - 1];

    /// <summary>Resolves the plan for <paramref name="settings"/> in <paramref name="stages"/>.</summary>
    /// <exception cref="CheckpointException">
    /// An earlier run's checkpoints are in the way (neither resume nor restart was asked for), or the one to resume
    /// from is damaged; the message says what to do.
    /// </exception>
    public static CheckpointPlan Resolve(FineTuneSettings settings, StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stages);
        string[] folders = Enumerable.Range(1, settings.SoupSize).Select(m => Path.GetFullPath(stages.SoupMember(m).Checkpoints)).ToArray();
        if (settings.ResumeFrom is null && settings.EarlierCheckpoints == EarlierCheckpoints.Restart)
        {
            return new CheckpointPlan(new TrainingCheckpoint?[folders.Length], restart: true);
        }
        // --resume-from names one member's checkpoint (the first's when it is in none of their folders); the others
        // continue from their newest, as --resume would.
        int named = settings.ResumeFrom is { } from ? Math.Max(0, Array.IndexOf(folders, Path.GetDirectoryName(Path.GetFullPath(from)))) : -1;
        bool resuming = named >= 0 || settings.EarlierCheckpoints == EarlierCheckpoints.Resume;
        var starts = new TrainingCheckpoint?[folders.Length];
        for (int i = 0; i < starts.Length; i++)
        {
            starts[i] = i == named ? TrainingCheckpoint.Load(settings.ResumeFrom!) : Newest(folders[i], resuming);
        }
        return new CheckpointPlan(starts, restart: false);
    }

    /// <summary>Deletes what an earlier run left in stage 05 when restarting: every member's checkpoints and the soup's scores.</summary>
    public void ClearEarlierRun(StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (!Restart)
        {
            return;
        }
        foreach (string folder in new[] { stages.Checkpoints, stages.Soup }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
        if (File.Exists(stages.SoupScores))
        {
            File.Delete(stages.SoupScores); // File.Delete throws when the folder itself is missing, as in a new run
        }
    }

    // The newest checkpoint in `folder` when resuming (null when it has none); otherwise an error when an earlier
    // run left checkpoints there.
    private static TrainingCheckpoint? Newest(string folder, bool resuming)
    {
        var store = new CheckpointStore(folder);
        string? newest = store.Latest();
        return newest is null ? null
            : resuming ? store.LoadLatest()
            : throw new CheckpointException(
                $"{folder} holds an earlier run's checkpoints (newest: {Path.GetFileName(newest)}): resume it (--resume) or start over (--restart, which deletes them).");
    }
}
