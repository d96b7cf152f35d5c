using ToxicComments.Tokenization;

namespace ToxicComments.Training;

/// <summary>Which optimizer updates the weights.</summary>
public enum OptimizerKind
{
    /// <summary>Adam, as the tutorial compiles its model (<c>tf.keras.optimizers.Adam(5e-5)</c>).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay, as Hugging Face's <c>Trainer</c> uses (biases and LayerNorm not decayed).</summary>
    AdamW,
}

/// <summary>How the learning rate moves over the run.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate throughout, as the tutorial (after any warm-up).</summary>
    Constant,

    /// <summary>Linear warm-up, then linear decay to 0 at the last step, as Hugging Face's <c>Trainer</c>.</summary>
    Linear,
}

/// <summary>
/// Everything that shapes a training run. The defaults are the tutorial's (Adam, learning rate 5e-5, binary
/// cross-entropy on the labels, batch 16, 512 tokens), except that batches are padded to their longest comment and
/// grouped by length: the same model and loss, several times less arithmetic (see <see cref="Padding"/>).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 2;

    /// <summary>Comments per forward pass.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Tokens per comment, <c>[CLS]</c> and <c>[SEP]</c> included; longer comments are truncated.</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>Dynamic (each batch as long as its longest comment) or fixed (every batch <see cref="MaxLength"/> long, as the tutorial).</summary>
    public Padding Padding { get; init; } = Padding.Dynamic;

    /// <summary>
    /// Groups comments of similar length into the same batch, so little of a batch is padding. Groups are drawn from
    /// shuffled windows and the batches are shuffled, so training stays random.
    /// </summary>
    public bool GroupByLength { get; init; } = true;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The peak learning rate.</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>Decoupled weight decay (AdamW only); Hugging Face's examples use 0.01.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Share of the optimizer steps spent warming the learning rate up from 0 (0 to 1).</summary>
    public double WarmupRatio { get; init; }

    /// <summary>Largest global gradient norm; larger gradients are scaled down to it. Null: no clipping.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Batches whose gradients are summed before one optimizer step (an effective batch this many times larger).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>
    /// Weights of the positive examples per label in the loss (PyTorch's <c>pos_weight</c>), to make rare labels count:
    /// null for none, or one weight per label (see <see cref="PositiveWeights"/>).
    /// </summary>
    public IReadOnlyList<double>? PositiveWeights { get; init; }

    /// <summary>Trains only the head; the pretrained encoder stays as it is (much faster, usually less accurate).</summary>
    public bool FreezeEncoder { get; init; }

    /// <summary>
    /// Keeps the encoder's embedding layer (word, position and token-type embeddings, their LayerNorm) as pretrained
    /// and trains the rest: with a few thousand comments most of the vocabulary never gets a gradient anyway, and
    /// the word embeddings are half of MiniLM's weights, so Adam's update costs half as much.
    /// </summary>
    public bool FreezeEmbeddings { get; init; }

    /// <summary>
    /// Stops when the validation loss has not improved for this many epochs. Null: train every epoch. Needs a
    /// validation set.
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>
    /// Seeds the head's initial weights, the batch order and dropout: two CPU runs with the same seed and data end
    /// with the same weights.
    /// </summary>
    public int Seed { get; init; } = 42;

    /// <summary>A checkpoint every this many optimizer steps, besides the one at each epoch's end. Null: only at epoch ends.</summary>
    public int? CheckpointEverySteps { get; init; }

    /// <summary>Checkpoints kept on disk, newest first; older ones are deleted. At least 2, so a damaged newest one has a predecessor.</summary>
    public int CheckpointsToKeep { get; init; } = 2;

    /// <summary>Comments per forward pass when computing the validation loss (no gradients, so it can be larger).</summary>
    public int EvaluationBatchSize { get; init; } = 64;

    /// <summary>CPU threads for TorchSharp's kernels. Null: every core.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Resume from a checkpoint even when <see cref="Fingerprint"/> differs from the one it was written with (the
    /// learning rate, say): the run then continues with the new options. Without it such a resume is refused.
    /// </summary>
    public bool ResumeWithChangedOptions { get; init; }

    /// <summary>
    /// The options that change what the weights become, beyond those of the batch plan (seed, batch size, grouping,
    /// accumulation, epochs), by the names the CLI gives them: what a checkpoint records, and a resume compares.
    /// Threads, checkpoint cadence and evaluation batch size are left out: they change no weight.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fingerprint() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["optimizer"] = Optimizer.ToString(),
        ["learning-rate"] = Invariant(LearningRate),
        ["weight-decay"] = Invariant(WeightDecay),
        ["schedule"] = Schedule.ToString(),
        ["warmup-ratio"] = Invariant(WarmupRatio),
        ["max-grad-norm"] = MaxGradNorm is { } norm ? Invariant(norm) : "none",
        ["max-length"] = Invariant(MaxLength),
        ["padding"] = Padding.ToString(),
        ["pos-weight"] = PositiveWeights is { } weights ? string.Join(' ', weights.Select(Invariant)) : "none",
        ["freeze-encoder"] = FreezeEncoder.ToString(),
        ["freeze-embeddings"] = FreezeEmbeddings.ToString(),
        ["early-stopping"] = EarlyStoppingPatience is { } patience ? Invariant(patience) : "none",
    };

    private static string Invariant(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 2, nameof(MaxLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        if (WeightDecay > 0 && Optimizer != OptimizerKind.AdamW)
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay needs the AdamW optimizer.");
        }
        if (WarmupRatio is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupRatio), WarmupRatio, "the warm-up ratio is a share, from 0 to 1.");
        }
        if (MaxGradNorm is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "the gradient norm limit must be positive.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(GradientAccumulationSteps, 1, nameof(GradientAccumulationSteps));
        if (PositiveWeights is { } weights && weights.Any(w => !(w > 0) || double.IsInfinity(w)))
        {
            throw new ArgumentOutOfRangeException(nameof(PositiveWeights), "positive weights must be finite and above 0.");
        }
        if (EarlyStoppingPatience is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "patience is at least one epoch.");
        }
        if (CheckpointEverySteps is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "checkpoint every 1 step or more.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointsToKeep, 2, nameof(CheckpointsToKeep));
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluationBatchSize, 1, nameof(EvaluationBatchSize));
        if (Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "at least one thread.");
        }
    }
}
