using ToxicComments.Data;
using ToxicComments.Evaluation;
using ToxicComments.IO;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using ToxicComments.Training;
using ToxicComments.Training.Checkpoints;
using ToxicComments.Training.Ensembling;
using static TorchSharp.torch;

namespace ToxicComments.Pipeline;

/// <summary>Stage 05 with <see cref="FineTuneSettings.SoupSize"/> above 1: several members, one model (<see cref="ModelSoup"/>).</summary>
public sealed partial class FineTuning
{
    /// <summary>
    /// Trains the soup's members one after the other, each resumed from its own newest checkpoint when the run is
    /// resumed (a member that had finished just reloads its last one), then averages their best epochs.
    /// </summary>
    private FineTuneResult TrainSoup(StageFolders stages, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Device device = Runtime.TorchRuntime.PickDevice(Settings.Device);
        TrainingCheckpoint?[] resumePoints = FindSoupResumePoints(stages);
        KeepStartingWeights(stages, resuming: resumePoints.Any(p => p is not null),
            "each member of the soup starts from the weights this run started from. Start over (--restart).",
            needed: resumePoints.Skip(1).Any(p => p is null));
        var trained = new List<TrainingResult>();
        for (int member = 1; member <= Settings.SoupSize; member++)
        {
            SoupMemberFolders folders = stages.SoupMember(member);
            TrainingCheckpoint? resumeFrom = resumePoints[member - 1];
            if (resumeFrom is null && member > 1)
            {
                LoadWeights(Path.Combine(stages.StartModel, "model.safetensors"));
            }
            var outputs = new TrainingOutputs
            {
                CheckpointFolder = folders.Checkpoints,
                StepLossFile = folders.StepLosses,
                EpochLossFile = folders.EpochLosses,
                SaveBestModel = _ => Save(folders.Model),
            };
            int current = member;
            IProgress<TrainingProgress>? memberProgress = progress is null
                ? null
                : new SynchronousProgress<TrainingProgress>(update => progress.Report(update with { SoupMember = current, SoupSize = Settings.SoupSize }));
            TrainingOptions options = Settings.Training with { MaxLength = MaxLength, Seed = SoupSeed(member) };
            TrainingResult result = new Trainer(Model, options, device).Fit(TrainSet, ValidationSet, outputs, resumeFrom, memberProgress, cancellationToken);
            if (result.Outcome == TrainingOutcome.Cancelled)
            {
                return new FineTuneResult(result, stages.Model, Probe, null);
            }
            trained.Add(result);
        }
        return new FineTuneResult(trained[^1], stages.Model, Probe, null, MakeSoup(stages, trained, device));
    }

    /// <summary>The training seed of the soup's member <paramref name="member"/> (from 1).</summary>
    private int SoupSeed(int member) => Settings.Training.Seed + member - 1;

    /// <summary>
    /// Averages the members' best epochs into the model and saves it; with a validation split, scores each member
    /// and the soup on it and writes <see cref="StageFolders.SoupScores"/>.
    /// </summary>
    private SoupFit MakeSoup(StageFolders stages, List<TrainingResult> trained, Device device)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] files = Enumerable.Range(1, trained.Count).Select(m => Path.Combine(stages.SoupMember(m).Model, "model.safetensors")).ToArray();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } lost)
        {
            throw new CheckpointException($"{lost} is missing: the soup averages every member's best epoch. Start over (--restart).");
        }
        bool scoring = ValidationSet is { HasARankableLabel: true };
        var members = new List<SoupMember>();
        var states = new List<StateDict>();
        try
        {
            for (int m = 0; m < files.Length; m++)
            {
                states.Add(SafeTensors.Read(files[m]));
                RocAucScores? scores = null;
                if (scoring)
                {
                    StateDictLoader.Load(Model, states[m], files[m]);
                    scores = ScoreOnValidation(device);
                }
                members.Add(new SoupMember(SoupSeed(m + 1), trained[m], scores));
            }
            Dictionary<string, Tensor> soup = ModelSoup.Average(states);
            try
            {
                StateDictLoader.Load(Model, soup, $"the soup of {files.Length} members");
            }
            finally
            {
                foreach (Tensor tensor in soup.Values)
                {
                    tensor.Dispose();
                }
            }
        }
        finally
        {
            states.ForEach(state => state.Dispose());
        }
        var fit = new SoupFit(members, scoring ? ScoreOnValidation(device) : null, clock.Elapsed.TotalSeconds);
        Save(stages.Model);
        AtomicFile.WriteText(stages.SoupScores, writer =>
        {
            // Each member, then the soup.
            writer.Write($"member,seed,validation_roc_auc,{string.Join(',', LabelNames.All)}\n");
            for (int m = 0; m < fit.Members.Count; m++)
            {
                writer.Write(FormattableString.Invariant($"{m + 1},{fit.Members[m].Seed},{ScoreCells(fit.Members[m].Validation)}\n"));
            }
            writer.Write($"soup,,{ScoreCells(fit.Validation)}\n");
        });
        return fit;
    }

    private RocAucScores ScoreOnValidation(Device device) =>
        EvaluationPass.RocAuc(Model, ValidationSet!, Settings.Training.EvaluationBatchSize, device);

    private void LoadWeights(string file)
    {
        using StateDict weights = SafeTensors.Read(file);
        StateDictLoader.Load(Model, weights, file);
    }

    /// <summary>
    /// Where each member of the soup starts: <see cref="FineTuneSettings.ResumeFrom"/> for the member whose
    /// checkpoints hold it (the first when none does), the others as <see cref="EarlierCheckpoints"/> says.
    /// </summary>
    private TrainingCheckpoint?[] FindSoupResumePoints(StageFolders stages)
    {
        var points = new TrainingCheckpoint?[Settings.SoupSize];
        if (Settings.ResumeFrom is null && Settings.EarlierCheckpoints == EarlierCheckpoints.Restart)
        {
            DeleteEarlierRun(stages);
            return points;
        }
        string[] folders = CheckpointFolders(stages).Select(Path.GetFullPath).ToArray();
        int resumed = Settings.ResumeFrom is { } from ? Math.Max(0, Array.IndexOf(folders, Path.GetDirectoryName(Path.GetFullPath(from)))) : -1;
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = i == resumed ? TrainingCheckpoint.Load(Settings.ResumeFrom!) : LatestIfResuming(folders[i], resuming: resumed >= 0);
        }
        return points;
    }
}
