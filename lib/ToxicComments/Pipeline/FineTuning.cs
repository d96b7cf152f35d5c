using TorchSharp;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;
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

/// <summary>What to do with checkpoints an earlier run left in the stage's folder.</summary>
public enum EarlierCheckpoints
{
    /// <summary>Stop with an error that says how to resume or restart: nothing is lost by accident.</summary>
    Refuse,

    /// <summary>Continue the earlier run from its newest checkpoint (or start, when there is none).</summary>
    Resume,

    /// <summary>Delete them and start over.</summary>
    Restart,
}

/// <summary>How the head's classifier starts.</summary>
public enum HeadInitialization
{
    /// <summary>Random weights drawn from the training seed, as Hugging Face's heads start.</summary>
    Random,

    /// <summary>
    /// A logistic regression fitted on the frozen encoder's embeddings (<see cref="LinearProbe"/>); needs the
    /// <see cref="ClassifierHead.MeanPooled"/> head.
    /// </summary>
    LinearProbe,
}

/// <summary>Stage 05's settings: the model, its head, the training options, the device, and what to do with an earlier run.</summary>
public sealed record FineTuneSettings
{
    /// <summary><c>minilm</c> (the offline default) or a Hugging Face BERT / DistilBERT model folder.</summary>
    public string Model { get; init; } = Hub.OfflineModel.Name;

    /// <summary>The classification head.</summary>
    public ClassifierHead Head { get; init; } = ClassifierHead.Tutorial;

    /// <summary>How the head's classifier starts.</summary>
    public HeadInitialization HeadInitialization { get; init; } = HeadInitialization.Random;

    /// <summary>The training options.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// Dropout on the attention probabilities while training, in place of the model configuration's (0.1 for MiniLM,
    /// BERT and DistilBERT); the saved model's <c>config.json</c> records it. Null keeps the configuration's. On the
    /// CPU, any rate above 0 keeps PyTorch from its fused attention kernel.
    /// </summary>
    public double? AttentionDropout { get; init; }

    /// <summary>
    /// WiSE-FT's mixing weights (<see cref="WiseFt"/>): null keeps the best epoch as trained; one weight mixes with
    /// it; several are tried on the validation split (e.g. <see cref="WiseFt.AlphaGrid"/>) and the best is kept.
    /// </summary>
    public IReadOnlyList<double>? WiseFtAlphas { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (see <c>TorchRuntime.PickDevice</c>).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>What to do with the checkpoints of an earlier run.</summary>
    public EarlierCheckpoints EarlierCheckpoints { get; init; } = EarlierCheckpoints.Refuse;

    /// <summary>A specific checkpoint folder to resume from (e.g. the one before a damaged newest one).</summary>
    public string? ResumeFrom { get; init; }
}

/// <summary>
/// The outcome of stage 05: the training result, where the model was saved, the linear probe when one started the
/// head, and WiSE-FT's mix when one was made.
/// </summary>
public sealed record FineTuneResult(TrainingResult Training, string ModelFolder, LinearProbeFit? Probe, WiseFtFit? WiseFt);

/// <summary>
/// Stage 05, the same for the notebook and <c>toxic train</c> / <c>toxic run</c>: <see cref="Prepare"/> loads the
/// pretrained encoder, puts the head on it and tokenizes the split; <see cref="Train"/> trains and keeps the best
/// epoch's model as a Hugging Face folder.
/// </summary>
public sealed class FineTuning
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
    /// epoch has run. The model is left as the last epoch made it, or as the mix.
    /// </summary>
    /// <exception cref="CheckpointException">
    /// Checkpoints of an earlier run are in the way, the one to resume from is damaged, or a resumed WiSE-FT run has
    /// lost its starting weights.
    /// </exception>
    public FineTuneResult Train(StageFolders stages, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        StartHead(stages);
        Device device = Runtime.TorchRuntime.PickDevice(Settings.Device);
        TrainingCheckpoint? resumeFrom = FindResumePoint(stages, Settings);
        bool mixing = Settings.WiseFtAlphas is not null;
        if (mixing)
        {
            KeepStartingWeights(stages, resuming: resumeFrom is not null);
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

    /// <summary>A new run saves the weights it starts from; a resumed one needs them still there.</summary>
    private void KeepStartingWeights(StageFolders stages, bool resuming)
    {
        if (!resuming)
        {
            Save(stages.StartModel);
        }
        else if (!File.Exists(Path.Combine(stages.StartModel, "model.safetensors")))
        {
            throw new CheckpointException(
                $"{stages.StartModel} is missing: WiSE-FT mixes the fine-tuned weights with the ones this run started from. Start over (--restart) or leave WiSE-FT out (--wise-ft off).");
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
                IEnumerable<double?> perLabel = candidate.Validation?.PerLabel.Select(l => l.Value) ?? LabelNames.All.Select(_ => (double?)null);
                writer.Write(FormattableString.Invariant($"{candidate.Alpha:R},{candidate.ValidationRocAuc:R},{string.Join(',', perLabel.Select(v => FormattableString.Invariant($"{v:R}")))}\n"));
            }
        });
        return fit;
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
            _ = FindResumePoint(stages, Settings);
        }
    }

    private static TrainingCheckpoint? FindResumePoint(StageFolders stages, FineTuneSettings settings)
    {
        if (settings.ResumeFrom is not null)
        {
            return TrainingCheckpoint.Load(settings.ResumeFrom);
        }
        var store = new CheckpointStore(stages.Checkpoints);
        string? newest = store.Latest();
        switch (settings.EarlierCheckpoints)
        {
            case EarlierCheckpoints.Resume:
                return newest is null ? null : store.LoadLatest();
            case EarlierCheckpoints.Restart:
                if (Directory.Exists(stages.Checkpoints))
                {
                    Directory.Delete(stages.Checkpoints, recursive: true);
                }
                return null;
            default:
                return newest is null ? null : throw new CheckpointException(
                    $"{stages.Checkpoints} holds an earlier run's checkpoints (newest: {Path.GetFileName(newest)}): resume it (--resume) or start over (--restart, which deletes them).");
        }
    }
}
