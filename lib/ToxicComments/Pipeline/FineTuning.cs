using TorchSharp;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Evaluation;
using ToxicComments.IO;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Heads;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tokenization;
using ToxicComments.Training;
using ToxicComments.Training.Checkpoints;
using ToxicComments.Training.Ensembling;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Pipeline;

/// <summary>
/// Stage 05, the same for the notebook and <c>toxic train</c> / <c>toxic run</c>: <see cref="Prepare"/> loads the
/// pretrained encoder, puts the head on it and tokenizes the split; <see cref="Train"/> trains and keeps the best
/// epoch's model as a Hugging Face folder.
/// </summary>
public sealed partial class FineTuning
{
    private FineTuning(FineTuneSettings settings, Module<Tensor, Tensor, Tensor, Tensor> model, BertWordPieceTokenizer tokenizer,
                       TokenizedComments train, TokenizedComments? validation, int maxLength)
    {
        Settings = settings;
        Model = model;
        Tokenizer = tokenizer;
        TrainSet = train;
        ValidationSet = validation;
        MaxLength = maxLength;
    }

    private bool headStarted;

    /// <summary>The settings.</summary>
    public FineTuneSettings Settings { get; }

    /// <summary>The model: the pretrained encoder and a new head; trained in place by <see cref="Train"/>.</summary>
    public Module<Tensor, Tensor, Tensor, Tensor> Model { get; }

    /// <summary>The model's tokenizer.</summary>
    public BertWordPieceTokenizer Tokenizer { get; }

    /// <summary>The training comments, tokenized.</summary>
    public TokenizedComments TrainSet { get; }

    /// <summary>The validation comments, tokenized; null when the split has none.</summary>
    public TokenizedComments? ValidationSet { get; }

    /// <summary>The length comments were truncated to: the option, or the tokenizer's or position table's maximum if shorter.</summary>
    public int MaxLength { get; }

    /// <summary>Loads the encoder named by <paramref name="settings"/>, adds the head, tokenizes <paramref name="split"/>.</summary>
    public static FineTuning Prepare(DatasetSplit split, FineTuneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Training.Validate();
        if (settings.HeadInitialization == HeadInitialization.LinearProbe && settings.Head != ClassifierHead.MeanPooled)
        {
            throw new ArgumentException($"a linear probe starts the {ClassifierHead.MeanPooled} head only, not the {settings.Head} head.", nameof(settings));
        }
        if (settings.WiseFtAlphas is { } alphas && !WiseFt.AreValid(alphas))
        {
            throw new ArgumentException("WiSE-FT's mixing weights must be one or more numbers from 0 to 1.", nameof(settings));
        }
        if (settings.SoupSize < 1)
        {
            throw new ArgumentException($"a soup has 1 member or more, not {settings.SoupSize}.", nameof(settings));
        }
        if (settings.SoupSize > 1 && settings.WiseFtAlphas is not null)
        {
            throw new ArgumentException("a soup and WiSE-FT exclude each other: choose one.", nameof(settings));
        }
        if (settings.PositiveWeighting != PositiveWeighting.None && settings.Training.PositiveWeights is not null)
        {
            throw new ArgumentException("give positive weights either as a weighting or as weights, not both.", nameof(settings));
        }
        if (PositiveWeights.For(settings.PositiveWeighting, split.Train) is { } weights)
        {
            settings = settings with { Training = settings.Training with { PositiveWeights = weights } };
        }
        PretrainedEncoder pretrained = PretrainedModels.LoadEncoder(settings.Model, settings.AttentionDropout);
        Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(
            pretrained.Encoder, settings.Head, LabelNames.Count, settings.Training.Seed);
        int maxLength = Math.Min(settings.Training.MaxLength, Math.Min(pretrained.Tokenizer.Options.ModelMaxLength, pretrained.Encoder.MaxPositions));
        TokenizedComments train = TokenizedComments.Encode(pretrained.Tokenizer, split.Train, maxLength);
        TokenizedComments? validation = split.Validation is { Count: > 0 } v ? TokenizedComments.Encode(pretrained.Tokenizer, v, maxLength) : null;
        return new FineTuning(settings, model, pretrained.Tokenizer, train, validation, maxLength);
    }

    /// <summary>The linear probe that started the head, once <see cref="StartHead"/> has fitted one.</summary>
    public LinearProbeFit? Probe { get; private set; }

    /// <summary>
    /// Starts the head as the settings say: for a new run that asks for it, fits the linear probe (a resumed run has
    /// its head in the checkpoint). <see cref="Train"/> calls it when the caller has not; a caller that calls it
    /// first can report the probe before training starts. Does the work once.
    /// </summary>
    /// <exception cref="CheckpointException">Checkpoints of an earlier run are in the way.</exception>
    public LinearProbeFit? StartHead(StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (headStarted)
        {
            return Probe;
        }
        ThrowIfEarlierRunInTheWay(stages);
        headStarted = true;
        bool resuming = Settings.ResumeFrom is not null
                        || (Settings.EarlierCheckpoints == EarlierCheckpoints.Resume && new CheckpointStore(stages.Checkpoints).Latest() is not null);
        if (resuming || Settings.HeadInitialization != HeadInitialization.LinearProbe)
        {
            return null;
        }
        Device device = Runtime.TorchRuntime.PickDevice(Settings.Device);
        Model.to(device);
        if (device.type == DeviceType.CPU)
        {
            set_num_threads(Settings.Training.Threads ?? Environment.ProcessorCount);
        }
        Probe = LinearProbe.Fit((MeanPooledClassifier)Model, TrainSet, ValidationSet, Settings.Training.PositiveWeights, device);
        return Probe;
    }

    /// <summary>
    /// Trains, writing checkpoints and loss CSVs under <paramref name="stages"/>' <c>05-train/</c> and the best
    /// epoch's model to <see cref="StageFolders.Model"/>. With <see cref="FineTuneSettings.WiseFtAlphas"/>, the
    /// starting weights are kept in <see cref="StageFolders.StartModel"/>, the best epoch goes to
    /// <see cref="StageFolders.BestEpochModel"/>, and their WiSE-FT mix to <see cref="StageFolders.Model"/> once every
    /// epoch has run. With a <see cref="FineTuneSettings.SoupSize"/> above 1, each member is trained in turn from the
    /// starting weights (kept in <see cref="StageFolders.StartModel"/>), its best epoch goes to its folder under
    /// <see cref="StageFolders.Soup"/>, and their mean to <see cref="StageFolders.Model"/>. The model is left as the
    /// last epoch made it, or as the mix or the soup.
    /// </summary>
    /// <exception cref="CheckpointException">
    /// Checkpoints of an earlier run are in the way, the one to resume from is damaged, or a resumed WiSE-FT run or
    /// soup has lost its starting weights.
    /// </exception>
    public FineTuneResult Train(StageFolders stages, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        StartHead(stages);
        if (Settings.SoupSize > 1)
        {
            return TrainSoup(stages, progress, cancellationToken);
        }
        Device device = Runtime.TorchRuntime.PickDevice(Settings.Device);
        TrainingCheckpoint? resumeFrom = FindResumePoint(stages);
        bool mixing = Settings.WiseFtAlphas is not null;
        if (mixing)
        {
            KeepStartingWeights(stages, resuming: resumeFrom is not null,
                "WiSE-FT mixes the fine-tuned weights with the ones this run started from. Start over (--restart) or leave WiSE-FT out (--wise-ft off).");
        }
        var outputs = new TrainingOutputs
        {
            CheckpointFolder = stages.Checkpoints,
            StepLossFile = stages.StepLosses,
            EpochLossFile = stages.EpochLosses,
            SaveBestModel = _ => Save(mixing ? stages.BestEpochModel : stages.Model),
        };
        var trainer = new Trainer(Model, Settings.Training with { MaxLength = MaxLength }, device);
        TrainingResult result = trainer.Fit(TrainSet, ValidationSet, outputs, resumeFrom, progress, cancellationToken);
        WiseFtFit? mix = mixing && result.Outcome != TrainingOutcome.Cancelled ? Mix(stages, device) : null;
        return new FineTuneResult(result, stages.Model, Probe, mix);
    }

    /// <summary>
    /// A new run saves the weights it starts from; a resumed one needs them still there when <paramref name="needed"/>
    /// (<paramref name="why"/> says what for).
    /// </summary>
    private void KeepStartingWeights(StageFolders stages, bool resuming, string why, bool needed = true)
    {
        if (!resuming)
        {
            Save(stages.StartModel);
        }
        else if (needed && !File.Exists(Path.Combine(stages.StartModel, "model.safetensors")))
        {
            throw new CheckpointException($"{stages.StartModel} is missing: {why}");
        }
    }

    /// <summary>The WiSE-FT mix of the starting weights and the best epoch's, loaded into the model and saved as the model.</summary>
    private WiseFtFit Mix(StageFolders stages, Device device)
    {
        using StateDict start = SafeTensors.Read(Path.Combine(stages.StartModel, "model.safetensors"));
        using StateDict tuned = SafeTensors.Read(Path.Combine(stages.BestEpochModel, "model.safetensors"));
        WiseFtFit fit = WiseFt.Apply(Model, start, tuned, Settings.WiseFtAlphas!, ValidationSet, device, Settings.Training.EvaluationBatchSize);
        Save(stages.Model);
        AtomicFile.WriteText(stages.WiseFtScores, writer =>
        {
            // The mean, then each label's ROC AUC (empty where the validation split has one class of it, or nothing was scored).
            writer.Write($"alpha,validation_roc_auc,{string.Join(',', LabelNames.All)}\n");
            foreach (WiseFtCandidate candidate in fit.Candidates)
            {
                writer.Write(FormattableString.Invariant($"{candidate.Alpha:R},{ScoreCells(candidate.Validation)}\n"));
            }
        });
        return fit;
    }

    /// <summary>
    /// The score columns of wise-ft.csv's and soup.csv's rows: the mean ROC AUC, then each label's, round-trippable;
    /// empty where the validation split has one class of a label, or nothing was scored.
    /// </summary>
    private static string ScoreCells(RocAucScores? scores)
    {
        IEnumerable<double?> perLabel = scores?.PerLabel.Select(l => l.Value) ?? LabelNames.All.Select(_ => (double?)null);
        return FormattableString.Invariant($"{scores?.Macro:R},{string.Join(',', perLabel.Select(v => FormattableString.Invariant($"{v:R}")))}");
    }

    private void Save(string folder) =>
        AtomicFolder.Replace(folder, target => PretrainedModels.SaveSequenceClassifier(Model, Tokenizer, LabelNames.All, target));

    /// <summary>
    /// Throws, as <see cref="Train"/> would, when checkpoints of an earlier run are in the way and the settings say
    /// neither resume nor restart: callers that write other outputs first check this before they write anything.
    /// </summary>
    /// <exception cref="CheckpointException">Checkpoints of an earlier run are in the way.</exception>
    public void ThrowIfEarlierRunInTheWay(StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (Settings.ResumeFrom is null && Settings.EarlierCheckpoints == EarlierCheckpoints.Refuse)
        {
            foreach (string folder in CheckpointFolders(stages))
            {
                _ = LatestIfResuming(folder);
            }
        }
    }

    // Every checkpoint folder a run of these settings would write: the stage's own, and each later soup member's.
    private IEnumerable<string> CheckpointFolders(StageFolders stages) =>
        Enumerable.Range(1, Settings.SoupSize).Select(member => stages.SoupMember(member).Checkpoints);

    private TrainingCheckpoint? FindResumePoint(StageFolders stages)
    {
        if (Settings.ResumeFrom is not null)
        {
            return TrainingCheckpoint.Load(Settings.ResumeFrom);
        }
        if (Settings.EarlierCheckpoints == EarlierCheckpoints.Restart)
        {
            DeleteEarlierRun(stages);
            return null;
        }
        return LatestIfResuming(stages.Checkpoints);
    }

    /// <summary>
    /// The newest checkpoint in <paramref name="folder"/> when resuming (null when it has none); otherwise null, or an
    /// error when an earlier run left checkpoints there.
    /// </summary>
    private TrainingCheckpoint? LatestIfResuming(string folder, bool resuming = false)
    {
        var store = new CheckpointStore(folder);
        string? newest = store.Latest();
        if (newest is null)
        {
            return null;
        }
        return resuming || Settings.EarlierCheckpoints == EarlierCheckpoints.Resume
            ? store.LoadLatest()
            : throw new CheckpointException(
                $"{folder} holds an earlier run's checkpoints (newest: {Path.GetFileName(newest)}): resume it (--resume) or start over (--restart, which deletes them).");
    }

    // --restart: the stage's checkpoints go, and so do every soup member's folder and the soup's scores.
    private static void DeleteEarlierRun(StageFolders stages)
    {
        foreach (string folder in new[] { stages.Checkpoints, stages.Soup }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
        if (File.Exists(stages.SoupScores))
        {
            File.Delete(stages.SoupScores); // File.Delete throws when the folder itself is missing, as in a new run
        }
    }
}
