using ToxicComments.Modeling;
using ToxicComments.Modeling.Heads;
using ToxicComments.Training;
using ToxicComments.Training.Ensembling;
using ToxicComments.Training.Probing;

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

/// <summary>
/// Stage 05's settings: the model, its head, the training options, the device, and what to do with an earlier run.
/// Two are named (<see cref="Recipe"/> pairs each with its data settings): <see cref="Tutorial"/>, the Python
/// tutorial's run, which is also what a plain <c>new FineTuneSettings()</c> gives; and <see cref="Recommended"/>, the
/// settings chosen on a validation split of the real Jigsaw sample (bench/README.md, "quality").
/// </summary>
public sealed record FineTuneSettings
{
    /// <summary>
    /// The tutorial's run: its head (first token, Dense 100, 50, 6) from random weights, 512 tokens, Adam at 5e-5 with
    /// a constant rate, no positive weights, 2 epochs, one model. Batches are the tutorial's (shuffled, not grouped by
    /// length), each padded to its longest comment rather than to 512: the same outputs, less arithmetic.
    /// </summary>
    public static FineTuneSettings Tutorial { get; } = new()
    {
        Recipe = "tutorial",
        Head = ClassifierHead.Tutorial,
        HeadInitialization = HeadInitialization.Random,
        PositiveWeighting = PositiveWeighting.None,
        SoupSize = 1,
        Training = new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 16,
            MaxLength = 512,
            GroupByLength = false,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 5e-5,
            Schedule = ScheduleKind.Constant,
            CheckpointEverySteps = 200,
        },
    };

    /// <summary>
    /// What scored best on the real sample's validation split and by 5-fold cross-validation (bench/README.md): the
    /// mean-pooled head started from a linear probe on the frozen encoder's embeddings, 128 tokens (80% of comments
    /// whole, a quarter of 512's cost), AdamW at 1e-4 with weight decay 0.01, 10% warm-up then linear decay,
    /// square-root positive weights, 2 epochs, and a soup of two seeds. The embedding layer stays as pretrained: as
    /// good by 5-fold cross-validation (0.9844 against 0.9845) and on the sample's test rows (0.9791 both ways), and
    /// 13 to 17% faster, which keeps <c>toxic run</c> on two CPU cores well under eight minutes.
    /// </summary>
    public static FineTuneSettings Recommended { get; } = new()
    {
        Recipe = "recommended",
        Head = ClassifierHead.MeanPooled,
        HeadInitialization = HeadInitialization.LinearProbe,
        PositiveWeighting = PositiveWeighting.SquareRoot,
        SoupSize = 2,
        Training = new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 16,
            MaxLength = 128,
            Optimizer = OptimizerKind.AdamW,
            LearningRate = 1e-4,
            WeightDecay = 0.01,
            Schedule = ScheduleKind.Linear,
            WarmupRatio = 0.1,
            FreezeEmbeddings = true,
            CheckpointEverySteps = 200,
        },
    };

    /// <summary>
    /// The named recipe these settings started from (<see cref="Pipeline.Recipe.Name"/>), which the model card names;
    /// null for settings made from scratch. Changing a setting keeps the name: the card lists every setting as run.
    /// </summary>
    public string? Recipe { get; init; }

    /// <summary><c>minilm</c> (the offline default) or a Hugging Face BERT / DistilBERT model folder.</summary>
    public string Model { get; init; } = Hub.OfflineModel.Name;

    /// <summary>The classification head.</summary>
    public ClassifierHead Head { get; init; } = ClassifierHead.Tutorial;

    /// <summary>How the head's classifier starts.</summary>
    public HeadInitialization HeadInitialization { get; init; } = HeadInitialization.Random;

    /// <summary>The training options.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// How positive examples are weighted, computed on the training split when stage 05 prepares; leave
    /// <see cref="TrainingOptions.PositiveWeights"/> null to use it.
    /// </summary>
    public PositiveWeighting PositiveWeighting { get; init; } = PositiveWeighting.None;

    /// <summary>
    /// Dropout on the attention probabilities while training, in place of the model configuration's (0.1 for MiniLM,
    /// BERT and DistilBERT); the saved model's <c>config.json</c> records it. Null keeps the configuration's. On the
    /// CPU, any rate above 0 keeps PyTorch from its fused attention kernel.
    /// </summary>
    public double? AttentionDropout { get; init; }

    /// <summary>
    /// How many models to fine-tune from the same start, with training seeds <see cref="TrainingOptions.Seed"/>,
    /// Seed + 1, and so on, whose weights are averaged into the model (<see cref="ModelSoup"/>); 1 trains one model.
    /// The first member trains with the stage's own checkpoints and loss files, the others with theirs under
    /// <see cref="StageFolders.Soup"/>.
    /// </summary>
    public int SoupSize { get; init; } = 1;

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (see <c>TorchRuntime.PickDevice</c>).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>What to do with the checkpoints of an earlier run.</summary>
    public EarlierCheckpoints EarlierCheckpoints { get; init; } = EarlierCheckpoints.Refuse;

    /// <summary>A specific checkpoint folder to resume from (e.g. the one before a damaged newest one).</summary>
    public string? ResumeFrom { get; init; }
}

/// <summary>
/// The outcome of stage 05: the training result (in a soup, the last member's that ran), where the model was saved,
/// the linear probe when one started the head, and the soup when there was one.
/// </summary>
public sealed record FineTuneResult(TrainingResult Training, string ModelFolder, LinearProbeFit? Probe, SoupFit? Soup = null);
