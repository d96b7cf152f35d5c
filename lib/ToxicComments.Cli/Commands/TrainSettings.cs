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
/// The options of stage 05, shared by <c>toxic train</c> and <c>toxic run</c>. The defaults are those chosen on a
/// validation split of the real Jigsaw sample (bench/README.md, "quality"): the mean-pooled head started from a
/// linear probe, 128 tokens, AdamW 1e-4 with warm-up and linear decay, square-root positive weights, 2 epochs, and
/// a soup of 2 seeds. The
/// tutorial's own settings are <c>--head tutorial --head-init random --max-length 512 --optimizer adam
/// --learning-rate 5e-5 --weight-decay 0 --schedule constant --warmup-ratio 0 --pos-weight none --soup 1</c> (what
/// <c>TrainingOptions</c> defaults to in the library).
/// </summary>
internal class TrainSettings : CommandSettings
{
    [CommandOption("--out <FOLDER>")]
    [Description("Run folder: the stages' outputs (05-train/ holds the model, checkpoints and losses).")]
    [DefaultValue("artifacts/run")]
    public string Out { get; init; } = "artifacts/run";

    [CommandOption("--model <MODEL>")]
    [Description("minilm (the offline default, all-MiniLM-L6-v2) or a Hugging Face BERT/DistilBERT model folder.")]
    [DefaultValue(OfflineModel.Name)]
    public string Model { get; init; } = OfflineModel.Name;

    [CommandOption("--head <HEAD>")]
    [Description("huggingface (BertForSequenceClassification's: pooler, dropout, linear), mean-pooled (mean over tokens, linear) or tutorial (Dense 100, 50, 6 on the first token).")]
    [DefaultValue(ClassifierHead.MeanPooled)]
    [TypeConverter(typeof(ClassifierHeadConverter))]
    public ClassifierHead Head { get; init; } = ClassifierHead.MeanPooled;

    [CommandOption("--head-init <INIT>")]
    [Description("linear-probe (mean-pooled head only: start from a logistic regression on the frozen encoder's embeddings) or random.")]
    [DefaultValue(HeadInitialization.LinearProbe)]
    [TypeConverter(typeof(HeadInitializationConverter))]
    public HeadInitialization HeadInit { get; init; } = HeadInitialization.LinearProbe;

    [CommandOption("--wise-ft <ALPHA>")]
    [Description("WiSE-FT: mix the starting weights (pretrained encoder, probed head) with the fine-tuned ones, (1 - ALPHA) start + ALPHA fine-tuned. auto chooses ALPHA from 0, 0.1, ..., 1 on the validation split; off keeps the fine-tuned weights.")]
    [DefaultValue("off")]
    public string WiseFt { get; init; } = "off";

    [CommandOption("--soup <N>")]
    [Description("Fine-tune N models from the same start, with training seeds --train-seed, +1, ..., and average their weights (a model soup): one model, N times the training. 1 trains one model.")]
    [DefaultValue(2)]
    public int Soup { get; init; } = 2;

    [CommandOption("--epochs <N>")]
    [DefaultValue(2)]
    public int Epochs { get; init; } = 2;

    [CommandOption("--batch-size <N>")]
    [DefaultValue(16)]
    public int BatchSize { get; init; } = 16;

    [CommandOption("--max-length <N>")]
    [Description("Tokens per comment, [[CLS]] and [[SEP]] included.")]
    [DefaultValue(128)]
    public int MaxLength { get; init; } = 128;

    [CommandOption("--padding <PADDING>")]
    [Description("dynamic (each batch as long as its longest comment, grouped by length) or fixed (every batch max-length long, as the tutorial).")]
    [DefaultValue("dynamic")]
    public string Padding { get; init; } = "dynamic";

    [CommandOption("--learning-rate <RATE>")]
    [DefaultValue(1e-4)]
    public double LearningRate { get; init; } = 1e-4;

    [CommandOption("--optimizer <NAME>")]
    [Description("adamw or adam (the tutorial).")]
    [DefaultValue(OptimizerKind.AdamW)]
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    [CommandOption("--weight-decay <DECAY>")]
    [Description("AdamW's decoupled weight decay.")]
    [DefaultValue(0.01)]
    public double WeightDecay { get; init; } = 0.01;

    [CommandOption("--schedule <SCHEDULE>")]
    [Description("linear (decay to 0, after the warm-up) or constant (the tutorial).")]
    [DefaultValue(ScheduleKind.Linear)]
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;

    [CommandOption("--warmup-ratio <SHARE>")]
    [DefaultValue(0.1)]
    public double WarmupRatio { get; init; } = 0.1;

    [CommandOption("--max-grad-norm <NORM>")]
    [Description("Clip the global gradient norm to this.")]
    public double? MaxGradNorm { get; init; }

    [CommandOption("--accumulate <N>")]
    [Description("Batches per optimizer step (gradient accumulation).")]
    [DefaultValue(1)]
    public int Accumulate { get; init; } = 1;

    [CommandOption("--pos-weight <MODE>")]
    [Description("none, balanced (negatives/positives per label, capped at 30) or sqrt (its square root).")]
    [DefaultValue("sqrt")]
    public string PositiveWeight { get; init; } = "sqrt";

    [CommandOption("--attention-dropout <RATE>")]
    [Description("Dropout on the attention probabilities while training. Default: the model's own (0.1 for minilm).")]
    public double? AttentionDropout { get; init; }

    [CommandOption("--freeze-encoder")]
    [Description("Train only the head.")]
    public bool FreezeEncoder { get; init; }

    [CommandOption("--freeze-embeddings")]
    [Description("Keep the encoder's embedding layer as pretrained; train the rest.")]
    public bool FreezeEmbeddings { get; init; }

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

    public override ValidationResult Validate() =>
        Padding is not ("dynamic" or "fixed") ? ValidationResult.Error("--padding must be dynamic or fixed.")
        : PositiveWeight is not ("none" or "balanced" or "sqrt") ? ValidationResult.Error("--pos-weight must be none, balanced or sqrt.")
        : HeadInit == HeadInitialization.LinearProbe && Head != ClassifierHead.MeanPooled ? ValidationResult.Error($"--head-init linear-probe (the default) needs --head mean-pooled: add --head-init random for the {Head} head.")
        : WiseFt is not ("auto" or "off") && !(double.TryParse(WiseFt, NumberStyles.Float, CultureInfo.InvariantCulture, out double alpha) && alpha is >= 0 and <= 1)
            ? ValidationResult.Error($"--wise-ft must be auto, off or a number from 0 to 1, not '{WiseFt}'.")
        : Soup < 1 ? ValidationResult.Error($"--soup must be 1 or more, not {Soup}.")
        : Soup > 1 && WiseFt != "off" ? ValidationResult.Error($"--wise-ft mixes one fine-tuned model with its start, not a soup of {Soup}: add --soup 1.")
        : AttentionDropout is { } rate && !FastDropout.IsRate(rate) ? ValidationResult.Error($"--attention-dropout must be at least 0 and below 1, not {rate.ToString(CultureInfo.InvariantCulture)}.")
        : (Resume ? 1 : 0) + (Restart ? 1 : 0) + (ResumeFrom is null ? 0 : 1) > 1 ? ValidationResult.Error("--resume, --resume-from and --restart exclude each other.")
        : ValidationResult.Success();

    /// <summary>The library's settings for these options; <paramref name="train"/> is what positive weights are computed on.</summary>
    public FineTuneSettings ToFineTuneSettings(CommentSet train) => new()
    {
        Model = Model,
        Head = Head,
        HeadInitialization = HeadInit,
        WiseFtAlphas = WiseFt switch
        {
            "off" => null,
            "auto" => Training.Ensembling.WiseFt.AlphaGrid,
            _ => [double.Parse(WiseFt, CultureInfo.InvariantCulture)],
        },
        AttentionDropout = AttentionDropout,
        SoupSize = Soup,
        Device = Device,
        EarlierCheckpoints = Resume ? EarlierCheckpoints.Resume : Restart ? EarlierCheckpoints.Restart : EarlierCheckpoints.Refuse,
        ResumeFrom = ResumeFrom,
        Training = new TrainingOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            MaxLength = MaxLength,
            Padding = Padding == "fixed" ? Tokenization.Padding.Fixed : Tokenization.Padding.Dynamic,
            GroupByLength = Padding != "fixed",
            LearningRate = LearningRate,
            Optimizer = Optimizer,
            WeightDecay = WeightDecay,
            Schedule = Schedule,
            WarmupRatio = WarmupRatio,
            MaxGradNorm = MaxGradNorm,
            GradientAccumulationSteps = Accumulate,
            PositiveWeights = PositiveWeight switch
            {
                "balanced" => PositiveWeights.Balanced(train),
                "sqrt" => PositiveWeights.Balanced(train, power: 0.5),
                _ => null,
            },
            FreezeEncoder = FreezeEncoder,
            FreezeEmbeddings = FreezeEmbeddings,
            EarlyStoppingPatience = EarlyStopping,
            Seed = TrainSeed,
            CheckpointEverySteps = CheckpointEvery,
            Threads = Threads,
        },
    };
}
