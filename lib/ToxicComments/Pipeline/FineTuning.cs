using System.Globalization;
using TorchSharp;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Evaluation;
using ToxicComments.IO;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Folders;
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
/// pretrained encoder, puts the head on it and tokenizes the split; <see cref="Train(CheckpointPlan, IProgress{TrainingProgress}?, Action{LinearProbeFit}?, CancellationToken)"/>
/// starts the head, fine-tunes each model of the soup from the same start, and saves the best epoch (or the soup
/// of the members' best epochs) as a Hugging Face folder.
/// </summary>
public sealed class FineTuning
{
    private FineTuning(FineTuneSettings settings, StageFolders stages, Module<Tensor, Tensor, Tensor, Tensor> model, BertWordPieceTokenizer tokenizer,
                       TokenizedComments train, TokenizedComments? validation, int maxLength)
    {
        Settings = settings;
        Stages = stages;
        Model = model;
        Tokenizer = tokenizer;
        TrainSet = train;
        ValidationSet = validation;
        MaxLength = maxLength;
    }

    /// <summary>The settings (with the positive weights computed on the training split).</summary>
    public FineTuneSettings Settings { get; }

    /// <summary>The run folder stage 05 writes in.</summary>
    public StageFolders Stages { get; }

    /// <summary>The model: the pretrained encoder and a new head; trained in place by <see cref="Train(CheckpointPlan, IProgress{TrainingProgress}?, Action{LinearProbeFit}?, CancellationToken)"/>.</summary>
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
    /// <param name="split">The split stage 03 made.</param>
    /// <param name="settings">Stage 05's settings (e.g. <see cref="FineTuneSettings.Recommended"/>).</param>
    /// <param name="stages">The run folder stage 05 writes in.</param>
    public static FineTuning Prepare(DatasetSplit split, FineTuneSettings settings, StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stages);
        settings.Training.Validate();
        if (settings.HeadInitialization == HeadInitialization.LinearProbe && settings.Head != ClassifierHead.MeanPooled)
        {
            throw new ArgumentException($"a linear probe starts the {ClassifierHead.MeanPooled} head only, not the {settings.Head} head.", nameof(settings));
        }
        if (settings.SoupSize < 1)
        {
            throw new ArgumentException($"a soup has 1 member or more, not {settings.SoupSize}.", nameof(settings));
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
        return new FineTuning(settings, stages, model, pretrained.Tokenizer, train, validation, maxLength);
    }

    /// <summary>
    /// Where each model starts (<see cref="CheckpointPlan"/>): a caller that writes other outputs first resolves it
    /// before writing them, so that a refused run leaves the earlier one as it was.
    /// </summary>
    /// <exception cref="CheckpointException">Checkpoints of an earlier run are in the way, or the one to resume from is damaged.</exception>
    public CheckpointPlan PlanCheckpoints() => CheckpointPlan.Resolve(Settings, Stages);

    /// <summary>Resolves the checkpoint plan and trains (see the other overload).</summary>
    /// <exception cref="CheckpointException">Checkpoints of an earlier run are in the way, or the one to resume from is damaged or lost.</exception>
    public FineTuneResult Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Train(PlanCheckpoints(), progress, probed: null, cancellationToken);

    /// <summary>
    /// Stage 05 as one loop. A new run starts the head (the linear probe, when the settings ask for it) and keeps those
    /// starting weights (<see cref="StageFolders.StartModel"/>) when there is a soup; each member then trains from
    /// them, or from its checkpoint, with its own seed (<see cref="FineTuneSettings.SoupSize"/>), keeping its best
    /// epoch; the soup is the mean of those. The first member uses the stage's own checkpoints and loss files.
    /// </summary>
    /// <param name="plan">Where each member starts (<see cref="PlanCheckpoints"/>).</param>
    /// <param name="progress">Told of every step and epoch, with the member.</param>
    /// <param name="probed">Told of the linear probe once it is fitted, before the first step.</param>
    /// <param name="cancellationToken">Stops at the next step, with a checkpoint.</param>
    /// <exception cref="CheckpointException">A resumed soup lost its starting weights or a member's best epoch.</exception>
    public FineTuneResult Train(CheckpointPlan plan, IProgress<TrainingProgress>? progress = null, Action<LinearProbeFit>? probed = null,
                                CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Device device = Runtime.TorchRuntime.PickDevice(Settings.Device);
        Model.to(device);
        plan.ClearEarlierRun(Stages);
        LinearProbeFit? probe = plan.Fresh && Settings.HeadInitialization == HeadInitialization.LinearProbe ? FitProbe(device) : null;
        if (probe is not null)
        {
            probed?.Invoke(probe);
        }
        bool soup = Settings.SoupSize > 1;
        if (soup)
        {
            KeepStartingWeights(plan);
        }

        var members = new List<TrainingResult>();
        for (int member = 1; member <= Settings.SoupSize; member++)
        {
            TrainingCheckpoint? start = plan.StartOf(member);
            if (start is null && member > 1)
            {
                LoadWeights(Path.Combine(Stages.StartModel, "model.safetensors"));
            }
            SoupMemberFolders folders = Stages.SoupMember(member);
            string best = soup ? folders.Model : Stages.Model;
            var outputs = new TrainingOutputs
            {
                CheckpointFolder = folders.Checkpoints,
                StepLossFile = folders.StepLosses,
                EpochLossFile = folders.EpochLosses,
                SaveBestModel = _ => Save(best),
            };
            TrainingOptions options = Settings.Training with { MaxLength = MaxLength, Seed = SeedOf(member) };
            TrainingResult result = new Trainer(Model, options, device).Fit(TrainSet, ValidationSet, outputs, start, MemberProgress(progress, member), cancellationToken);
            if (result.Outcome == TrainingOutcome.Cancelled)
            {
                return new FineTuneResult(result, Stages.Model, probe);
            }
            members.Add(result);
        }
        return new FineTuneResult(members[^1], Stages.Model, probe, soup ? MakeSoup(members, device) : null);
    }

    private LinearProbeFit FitProbe(Device device)
    {
        if (device.type == DeviceType.CPU)
        {
            set_num_threads(Settings.Training.Threads ?? Environment.ProcessorCount);
        }
        return LinearProbe.Fit((MeanPooledClassifier)Model, TrainSet, ValidationSet, Settings.Training.PositiveWeights, device);
    }

    /// <summary>
    /// Every member of a soup starts from the same weights: a new run saves them; a resumed one needs them still
    /// there when a member has yet to start.
    /// </summary>
    private void KeepStartingWeights(CheckpointPlan plan)
    {
        if (plan.Fresh)
        {
            Save(Stages.StartModel);
        }
        else if (Enumerable.Range(2, Settings.SoupSize - 1).Any(m => plan.StartOf(m) is null)
                 && !File.Exists(Path.Combine(Stages.StartModel, "model.safetensors")))
        {
            throw new CheckpointException($"{Stages.StartModel} is missing: each member of the soup starts from the weights this run started from. Start over (--restart).");
        }
    }

    /// <summary>The training seed of the soup's member <paramref name="member"/> (from 1).</summary>
    private int SeedOf(int member) => Settings.Training.Seed + member - 1;

    private IProgress<TrainingProgress>? MemberProgress(IProgress<TrainingProgress>? progress, int member) =>
        progress is null || Settings.SoupSize == 1
            ? progress
            : new SynchronousProgress<TrainingProgress>(update => progress.Report(update with { SoupMember = member, SoupSize = Settings.SoupSize }));

    /// <summary>
    /// Averages the members' best epochs into the model and saves it; with a validation split, scores each member
    /// and the soup on it and writes <see cref="StageFolders.SoupScores"/>.
    /// </summary>
    private SoupFit MakeSoup(List<TrainingResult> trained, Device device)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] files = Enumerable.Range(1, trained.Count).Select(m => Path.Combine(Stages.SoupMember(m).Model, "model.safetensors")).ToArray();
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
                members.Add(new SoupMember(SeedOf(m + 1), trained[m], scores));
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
        Save(Stages.Model);
        AtomicFile.WriteText(Stages.SoupScores, writer =>
        {
            // Each member, then the soup: the mean ROC AUC, then each label's (empty where undefined).
            writer.Write($"member,seed,validation_roc_auc,{string.Join(',', LabelNames.All)}\n");
            for (int m = 0; m < fit.Members.Count; m++)
            {
                writer.Write(FormattableString.Invariant($"{m + 1},{fit.Members[m].Seed},{ScoreCells(fit.Members[m].Validation)}\n"));
            }
            writer.Write($"soup,,{ScoreCells(fit.Validation)}\n");
        });
        return fit;
    }

    private static string ScoreCells(RocAucScores? scores)
    {
        IEnumerable<double?> perLabel = scores?.PerLabel.Select(l => l.Value) ?? LabelNames.All.Select(_ => (double?)null);
        return FormattableString.Invariant($"{scores?.Macro:R},{string.Join(',', perLabel.Select(v => FormattableString.Invariant($"{v:R}")))}");
    }

    private RocAucScores ScoreOnValidation(Device device) =>
        EvaluationPass.RocAuc(Model, ValidationSet!, Settings.Training.EvaluationBatchSize, device);

    private void LoadWeights(string file)
    {
        using StateDict weights = SafeTensors.Read(file);
        StateDictLoader.Load(Model, weights, file);
    }

    private void Save(string folder) =>
        AtomicFolder.Replace(folder, target => PretrainedModels.SaveSequenceClassifier(Model, Tokenizer, LabelNames.All, target, Card()));

    /// <summary>What the saved model's card says of its training (stage 07 adds the test metrics).</summary>
    private ModelCard Card()
    {
        bool offline = string.Equals(Settings.Model, Hub.OfflineModel.Name, StringComparison.OrdinalIgnoreCase);
        bool synthetic = TrainSet.Source.StartsWith(EmbeddedDataset.Synthetic.SourcePrefix, StringComparison.Ordinal);
        TrainingOptions training = Settings.Training;
        string validation = ValidationSet is { } v ? $" and {v.Count:N0} validation comments" : "";
        string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
        return new ModelCard
        {
            BaseModel = offline ? Hub.OfflineModel.HubId : Settings.Model,
            License = offline ? "apache-2.0" : null,
            Datasets = synthetic ? [] : ["jigsaw_toxicity_pred"],
            TrainingData = $"{TrainSet.Count:N0} training comments{validation} from `{TrainSet.Source}`"
                + (synthetic ? ", generated text for tests, not real comments." : ", Wikipedia talk-page comments labelled by Jigsaw (labels CC0, text CC BY-SA 3.0)."),
            Training =
            [
                new("recipe", Settings.Recipe is { } recipe ? $"{recipe} (`--recipe {recipe}`), with the settings below" : "none: the settings below"),
                new("head", $"{Settings.Head}, started from {(Settings.HeadInitialization == HeadInitialization.LinearProbe ? "a linear probe on the frozen encoder" : "random weights")}"),
                new("tokens per comment", $"{MaxLength} (longer comments truncated)"),
                new("epochs", $"{training.Epochs}, batches of {training.BatchSize}"),
                new("optimizer", $"{training.Optimizer}, learning rate {Number(training.LearningRate)}, weight decay {Number(training.WeightDecay)}, {training.Schedule} schedule"),
                new("loss", $"binary cross-entropy on logits, positive weights: {Settings.PositiveWeighting}"),
                new("embedding layer", training.FreezeEmbeddings ? "frozen (as pretrained)" : "trained"),
                new("models averaged", Settings.SoupSize == 1 ? "1 (the best epoch)" : $"{Settings.SoupSize} seeds, their best epochs' weights averaged"),
            ],
        };
    }
}
