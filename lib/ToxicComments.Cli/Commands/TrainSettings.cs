using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Pipeline;
using ToxicComments.Tokenization;
using ToxicComments.Training;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// The options of stage 05, shared by <c>toxic train</c> and <c>toxic run</c>. Every option defaults to the
/// <c>--recipe</c>'s value (<see cref="Recipe"/>: recommended, or the tutorial's), so one flag switches the whole set
/// and any single option can still be changed.
/// </summary>
internal class TrainSettings : CommandSettings
{
    [CommandOption("--recipe <NAME>")]
    [Description("recommended (the default: chosen on the real sample, bench/README.md) or tutorial (the Python tutorial's run: labelled comments only, its head, 512 tokens, Adam 5e-5, 2 epochs, one model). Every option below defaults to the recipe's value.")]
    [DefaultValue("recommended")]
    public string Recipe { get; init; } = "recommended";

    [CommandOption("--out <FOLDER>")]
    [Description("Run folder: the stages' outputs (05-train/ holds the model, checkpoints and losses).")]
    [DefaultValue(StageFolders.DefaultFolder)]
    public string Out { get; init; } = StageFolders.DefaultFolder;

    [CommandOption("--model <MODEL>")]
    [Description("minilm (the offline default, all-MiniLM-L6-v2) or a Hugging Face BERT/DistilBERT model folder.")]
    [DefaultValue(OfflineModel.Name)]
    public string Model { get; init; } = OfflineModel.Name;

    [CommandOption("--head <HEAD>")]
    [Description("huggingface (BertForSequenceClassification's: pooler, dropout, linear), mean-pooled (mean over tokens, linear; recommended) or tutorial (Dense 100, 50, 6 on the first token).")]
    [TypeConverter(typeof(ClassifierHeadConverter))]
    public ClassifierHead? Head { get; init; }

    [CommandOption("--head-init <INIT>")]
    [Description("linear-probe (mean-pooled head only: start from a logistic regression on the frozen encoder's embeddings; recommended) or random (the tutorial; the default for other heads).")]
    [TypeConverter(typeof(HeadInitializationConverter))]
    public HeadInitialization? HeadInit { get; init; }

    [CommandOption("--soup <N>")]
    [Description("Fine-tune N models from the same start, with training seeds --train-seed, +1, ..., and average their weights (a model soup): one model, N times the training. Recommended 2, tutorial 1.")]
    public int? Soup { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Passes over the training split. Both recipes: 2.")]
    public int? Epochs { get; init; }

    [CommandOption("--batch-size <N>")]
    [Description("Comments per step. Both recipes: 16.")]
    public int? BatchSize { get; init; }

    [CommandOption("--max-length <N>")]
    [Description("Tokens per comment, [[CLS]] and [[SEP]] included. Recommended 128, tutorial 512.")]
    public int? MaxLength { get; init; }

    [CommandOption("--padding <PADDING>")]
    [Description("dynamic (each batch as long as its longest comment) or fixed (every batch max-length long). The recipes pad dynamically: the same outputs, less arithmetic.")]
    public string? Padding { get; init; }

    [CommandOption("--learning-rate <RATE>")]
    [Description("Peak learning rate. Recommended 1e-4, tutorial 5e-5.")]
    public double? LearningRate { get; init; }

    [CommandOption("--optimizer <NAME>")]
    [Description("adamw (recommended) or adam (the tutorial).")]
    public OptimizerKind? Optimizer { get; init; }

    [CommandOption("--weight-decay <DECAY>")]
    [Description("AdamW's decoupled weight decay. Recommended 0.01, tutorial 0.")]
    public double? WeightDecay { get; init; }

    [CommandOption("--schedule <SCHEDULE>")]
    [Description("linear (decay to 0 after the warm-up; recommended) or constant (the tutorial).")]
    public ScheduleKind? Schedule { get; init; }

    [CommandOption("--warmup-ratio <SHARE>")]
    [Description("Share of the steps spent warming up. Recommended 0.1, tutorial 0.")]
    public double? WarmupRatio { get; init; }

    [CommandOption("--max-grad-norm <NORM>")]
    [Description("Clip the global gradient norm to this.")]
    public double? MaxGradNorm { get; init; }

    [CommandOption("--accumulate <N>")]
    [Description("Batches per optimizer step (gradient accumulation).")]
    [DefaultValue(1)]
    public int Accumulate { get; init; } = 1;

    [CommandOption("--pos-weight <MODE>")]
    [Description("none (the tutorial), balanced (negatives/positives per label, capped at 30) or sqrt (its square root; recommended).")]
    public string? PositiveWeight { get; init; }

    [CommandOption("--attention-dropout <RATE>")]
    [Description("Dropout on the attention probabilities while training. Default: the model's own (0.1 for minilm).")]
    public double? AttentionDropout { get; init; }

    [CommandOption("--freeze-encoder")]
    [Description("Train only the head.")]
    public bool FreezeEncoder { get; init; }

    [CommandOption("--freeze-embeddings")]
    [Description("Keep the encoder's embedding layer as pretrained; train the rest (the recommended recipe does).")]
    public bool FreezeEmbeddings { get; init; }

    [CommandOption("--train-embeddings")]
    [Description("Train the embedding layer too (the tutorial does).")]
    public bool TrainEmbeddings { get; init; }

    [CommandOption("--early-stopping <EPOCHS>")]
    [Description("Stop when the validation loss has not improved for this many epochs.")]
    public int? EarlyStopping { get; init; }

    [CommandOption("--train-seed <SEED>")]
    [Description("Seed of the head's initial weights, the batch order and dropout.")]
    [DefaultValue(42)]
    public int TrainSeed { get; init; } = 42;

    [CommandOption("--checkpoint-every <STEPS>")]
    [Description("A checkpoint every this many steps, besides one at each epoch's end.")]
    [DefaultValue(200)]
    public int? CheckpointEvery { get; init; } = 200;

    [CommandOption("--resume")]
    [Description("Continue the run in --out from its newest checkpoint.")]
    public bool Resume { get; init; }

    [CommandOption("--resume-from <CHECKPOINT>")]
    [Description("Continue from this checkpoint folder (e.g. the one before a damaged newest one).")]
    public string? ResumeFrom { get; init; }

    [CommandOption("--force")]
    [Description("With --resume or --resume-from: continue even though training options (learning rate, positive weights, max length, ...) differ from the checkpoint's.")]
    public bool Force { get; init; }

    [CommandOption("--restart")]
    [Description("Delete the checkpoints of an earlier run in --out and start over.")]
    public bool Restart { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("auto (CUDA when available), cpu, cuda or cuda:N.")]
    [DefaultValue("auto")]
    public string Device { get; init; } = "auto";

    [CommandOption("--threads <N>")]
    [Description("CPU threads. Default: every core.")]
    public int? Threads { get; init; }

    /// <summary>The recipe <c>--recipe</c> names.</summary>
    public Recipe UseRecipe() => Pipeline.Recipe.Named(Recipe);

    // Checked when the command line is parsed, before anything is read or written: a usage error, exit code 2.
    public override ValidationResult Validate() =>
        Pipeline.Recipe.Find(Recipe) is null
            ? ValidationResult.Error($"--recipe must be {string.Join(" or ", Pipeline.Recipe.All.Select(r => r.Name))}, not '{Recipe}'.")
        : Epochs < 1 ? ValidationResult.Error($"--epochs must be 1 or more, not {Epochs}.")
        : BatchSize < 1 ? ValidationResult.Error($"--batch-size must be 1 or more, not {BatchSize}.")
        : MaxLength < 2 ? ValidationResult.Error($"--max-length must be 2 or more ([[CLS]] and [[SEP]]), not {MaxLength}.")
        : LearningRate is { } rate && !(rate > 0) ? ValidationResult.Error($"--learning-rate must be above 0, not {Invariant(rate)}.")
        : WeightDecay < 0 ? ValidationResult.Error($"--weight-decay must be 0 or more, not {Invariant(WeightDecay!.Value)}.")
        : WarmupRatio is { } warmup && warmup is not (>= 0 and <= 1) ? ValidationResult.Error($"--warmup-ratio must be from 0 to 1, not {Invariant(warmup)}.")
        : Accumulate < 1 ? ValidationResult.Error($"--accumulate must be 1 or more, not {Accumulate}.")
        : Threads < 1 ? ValidationResult.Error($"--threads must be 1 or more, not {Threads}.")
        : !DeviceNames.IsValid(Device) ? ValidationResult.Error($"--device must be auto, cpu, cuda or cuda:N, not '{Device}'.")
        : Padding is not (null or "dynamic" or "fixed") ? ValidationResult.Error("--padding must be dynamic or fixed.")
        : PositiveWeight is not (null or "none" or "balanced" or "sqrt") ? ValidationResult.Error("--pos-weight must be none, balanced or sqrt.")
        : HeadInit == HeadInitialization.LinearProbe && Head is { } head && head != ClassifierHead.MeanPooled
            ? ValidationResult.Error($"--head-init linear-probe needs --head mean-pooled, not {head}.")
        : Soup < 1 ? ValidationResult.Error($"--soup must be 1 or more, not {Soup}.")
        : AttentionDropout is { } dropout && !FastDropout.IsRate(dropout) ? ValidationResult.Error($"--attention-dropout must be at least 0 and below 1, not {Invariant(dropout)}.")
        : (Resume ? 1 : 0) + (Restart ? 1 : 0) + (ResumeFrom is null ? 0 : 1) > 1 ? ValidationResult.Error("--resume, --resume-from and --restart exclude each other.")
        : Force && !Resume && ResumeFrom is null ? ValidationResult.Error("--force goes with --resume or --resume-from.")
        : FreezeEmbeddings && TrainEmbeddings ? ValidationResult.Error("--freeze-embeddings and --train-embeddings exclude each other.")
        : ValidationResult.Success();

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The library's settings: the recipe's, with every option given on the command line in its place.</summary>
    public FineTuneSettings ToFineTuneSettings(Recipe recipe)
    {
        FineTuneSettings preset = recipe.FineTune;
        TrainingOptions training = preset.Training;
        ClassifierHead head = Head ?? preset.Head;
        return preset with
        {
            Model = Model,
            Head = head,
            // The linear probe starts the mean-pooled head only: another head given alone starts from random weights.
            HeadInitialization = HeadInit ?? (head == ClassifierHead.MeanPooled ? preset.HeadInitialization : HeadInitialization.Random),
            PositiveWeighting = PositiveWeight switch
            {
                null => preset.PositiveWeighting,
                "balanced" => PositiveWeighting.Balanced,
                "sqrt" => PositiveWeighting.SquareRoot,
                _ => PositiveWeighting.None,
            },
            AttentionDropout = AttentionDropout ?? preset.AttentionDropout,
            SoupSize = Soup ?? preset.SoupSize,
            Device = Device,
            EarlierCheckpoints = Resume ? EarlierCheckpoints.Resume : Restart ? EarlierCheckpoints.Restart : EarlierCheckpoints.Refuse,
            ResumeFrom = ResumeFrom,
            Training = training with
            {
                Epochs = Epochs ?? training.Epochs,
                BatchSize = BatchSize ?? training.BatchSize,
                MaxLength = MaxLength ?? training.MaxLength,
                Padding = Padding switch
                {
                    "fixed" => Tokenization.Padding.Fixed,
                    "dynamic" => Tokenization.Padding.Dynamic,
                    _ => training.Padding,
                },
                GroupByLength = Padding != "fixed" && training.GroupByLength,
                LearningRate = LearningRate ?? training.LearningRate,
                Optimizer = Optimizer ?? training.Optimizer,
                WeightDecay = WeightDecay ?? training.WeightDecay,
                Schedule = Schedule ?? training.Schedule,
                WarmupRatio = WarmupRatio ?? training.WarmupRatio,
                MaxGradNorm = MaxGradNorm ?? training.MaxGradNorm,
                GradientAccumulationSteps = Accumulate,
                FreezeEncoder = FreezeEncoder || training.FreezeEncoder,
                FreezeEmbeddings = FreezeEmbeddings || (training.FreezeEmbeddings && !TrainEmbeddings),
                EarlyStoppingPatience = EarlyStopping ?? training.EarlyStoppingPatience,
                Seed = TrainSeed,
                CheckpointEverySteps = CheckpointEvery,
                Threads = Threads,
                ResumeWithChangedOptions = Force,
            },
        };
    }
}
