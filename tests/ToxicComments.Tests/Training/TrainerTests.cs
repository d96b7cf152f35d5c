using ToxicComments.Data;
using ToxicComments.Modeling;
using ToxicComments.Tests.Support;
using ToxicComments.Training;
using ToxicComments.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void Fit_TinyBatch_LossFalls()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 40, BatchSize = 8, LearningRate = 3e-3 });

        TrainingResult result = trainer.Fit(TinyTraining.Tokenized(8));

        IReadOnlyList<EpochLoss> epochs = result.History.Epochs;
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(40, epochs.Count);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss * 0.3,
            $"loss went from {epochs[0].TrainLoss:F4} to {epochs[^1].TrainLoss:F4}");
    }

    [Fact]
    public void Fit_SameSeed_SameWeights()
    {
        TokenizedComments data = TinyTraining.Tokenized(24);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 4, LearningRate = 1e-3 };
        using Module<Tensor, Tensor, Tensor, Tensor> first = TinyTraining.Model(), second = TinyTraining.Model();

        new Trainer(first, options).Fit(data);
        new Trainer(second, options).Fit(data);

        TinyTraining.AssertSameWeights(first, second);
    }

    [Fact]
    public void Fit_StoppedAndResumed_EndsWithTheWeightsOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        TokenizedComments train = TinyTraining.Tokenized(30), validation = TinyTraining.Tokenized(10, seed: 8);
        // Dropout on, AdamW with decay, warm-up and decay, clipping, accumulation: all state a resume must restore.
        var options = new TrainingOptions
        {
            Epochs = 3, BatchSize = 4, GradientAccumulationSteps = 2, Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01,
            Schedule = ScheduleKind.Linear, WarmupRatio = 0.2, MaxGradNorm = 1.0, LearningRate = 1e-3, CheckpointEverySteps = 3,
        };
        using Module<Tensor, Tensor, Tensor, Tensor> uninterrupted = TinyTraining.Model();
        TrainingResult expected = new Trainer(uninterrupted, options).Fit(train, validation);

        // Stop mid-epoch (step 5 of 4 per epoch), as a kill would after the checkpoint at step 3.
        string checkpoints = temp.File("checkpoints");
        using var stop = new CancellationTokenSource();
        using (Module<Tensor, Tensor, Tensor, Tensor> stopped = TinyTraining.Model())
        {
            TrainingResult partial = new Trainer(stopped, options).Fit(train, validation, new TrainingOutputs { CheckpointFolder = checkpoints },
                progress: new SynchronousProgress<TrainingProgress>(p => { if (p.Step == 5) { stop.Cancel(); } }), cancellationToken: stop.Token);
            Assert.Equal(TrainingOutcome.Cancelled, partial.Outcome);
        }
        TrainingCheckpoint latest = new CheckpointStore(checkpoints).LoadLatest();
        Assert.Equal(5, latest.State.Step);
        Assert.Equal(1, latest.State.Epoch);

        using Module<Tensor, Tensor, Tensor, Tensor> resumed = TinyTraining.Model(seed: 77); // other initial weights: all must come from the checkpoint
        TrainingResult actual = new Trainer(resumed, options).Fit(train, validation, new TrainingOutputs { CheckpointFolder = checkpoints }, latest);

        TinyTraining.AssertSameWeights(uninterrupted, resumed);
        Assert.Equal(expected.History.Steps, actual.History.Steps);
        Assert.Equal(expected.History.Epochs.Select(e => (e.Epoch, e.Step, e.TrainLoss, e.ValidationLoss)),
                     actual.History.Epochs.Select(e => (e.Epoch, e.Step, e.TrainLoss, e.ValidationLoss)));
    }

    [Fact]
    public void LoadLatest_DamagedCheckpoint_NamesTheFileAndThePrevious_WhichResumesToTheSameEnd()
    {
        using var temp = new TempFolder();
        TokenizedComments train = TinyTraining.Tokenized(16);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 4, LearningRate = 1e-3, CheckpointEverySteps = 2, CheckpointsToKeep = 3 };
        string checkpoints = temp.File("checkpoints");
        using Module<Tensor, Tensor, Tensor, Tensor> uninterrupted = TinyTraining.Model();
        new Trainer(uninterrupted, options).Fit(train, outputs: new TrainingOutputs { CheckpointFolder = checkpoints });
        var store = new CheckpointStore(checkpoints);
        IReadOnlyList<string> all = store.List();
        Assert.Equal(["step-000008", "step-000006", "step-000004"], all.Select(Path.GetFileName));

        // One flipped byte in the middle of the newest weights.
        string damaged = Path.Combine(all[0], "model.safetensors");
        byte[] bytes = File.ReadAllBytes(damaged);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(damaged, bytes);

        CheckpointException error = Assert.Throws<CheckpointException>(store.LoadLatest);
        Assert.Contains(damaged, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains(all[1], error.Message, StringComparison.Ordinal);

        using Module<Tensor, Tensor, Tensor, Tensor> resumed = TinyTraining.Model();
        new Trainer(resumed, options).Fit(train, outputs: new TrainingOutputs { CheckpointFolder = checkpoints }, resumeFrom: TrainingCheckpoint.Load(all[1]));
        TinyTraining.AssertSameWeights(uninterrupted, resumed);
    }

    [Fact]
    public void Load_TruncatedStateFile_NamesIt()
    {
        using var temp = new TempFolder();
        string checkpoints = temp.File("checkpoints");
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 4 }).Fit(TinyTraining.Tokenized(4), outputs: new TrainingOutputs { CheckpointFolder = checkpoints });
        string state = Path.Combine(new CheckpointStore(checkpoints).Latest()!, "trainer_state.json");
        File.WriteAllText(state, File.ReadAllText(state)[..200]);

        CheckpointException error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(Path.GetDirectoryName(state)!));
        Assert.StartsWith($"{state}: malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ResumeWithOtherBatchSize_IsRefused()
    {
        using var temp = new TempFolder();
        string checkpoints = temp.File("checkpoints");
        TokenizedComments train = TinyTraining.Tokenized(8);
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 4 }).Fit(train, outputs: new TrainingOutputs { CheckpointFolder = checkpoints });
        TrainingCheckpoint checkpoint = new CheckpointStore(checkpoints).LoadLatest();

        var other = new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 2 });
        CheckpointException error = Assert.Throws<CheckpointException>(() => other.Fit(train, resumeFrom: checkpoint));
        Assert.Contains("BatchSize = 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_LossBecomesNaN_StopsNamingTheLastGoodCheckpoint_WhichStaysWhole()
    {
        using var temp = new TempFolder();
        string checkpoints = temp.File("checkpoints");
        using var model = new PoisonedAfter(TinyTraining.Model(), forwardCalls: 5);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, CheckpointEverySteps = 2 };

        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(
            () => new Trainer(model, options).Fit(TinyTraining.Tokenized(12), outputs: new TrainingOutputs { CheckpointFolder = checkpoints }));

        string good = Path.Combine(checkpoints, "step-000004");
        Assert.Equal(good, error.LastCheckpoint);
        Assert.Contains("step 6 (epoch 2): the training loss is NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains(good, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, TrainingCheckpoint.Load(good).State.Step);
    }

    [Fact]
    public void Fit_ValidationLossRises_StopsEarly_KeepingTheBestEpoch()
    {
        // Train on every label switched on, validate on the same comments with none: each epoch that fits the
        // training set better fits the validation set worse.
        CommentSet comments = TinyTraining.Comments(16);
        TokenizedComments train = TinyTraining.Tokenized(new CommentSet(comments.Select(c => c with { Labels = (ToxicLabels)0b111111 }).ToArray(), "all on"));
        TokenizedComments validation = TinyTraining.Tokenized(new CommentSet(comments.Select(c => c with { Labels = ToxicLabels.None }).ToArray(), "all off"));
        var saved = new List<int>();
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        var options = new TrainingOptions { Epochs = 10, BatchSize = 8, LearningRate = 1e-3, EarlyStoppingPatience = 2 };

        TrainingResult result = new Trainer(model, options).Fit(train, validation, new TrainingOutputs { SaveBestModel = saved.Add });

        Assert.Equal(TrainingOutcome.StoppedEarly, result.Outcome);
        Assert.Equal(3, result.History.Epochs.Count);
        Assert.Equal(0, result.BestEpoch);
        Assert.Equal([0], saved);
        Assert.Equal(result.History.Epochs[0].ValidationLoss, result.BestValidationLoss);
        Assert.True(result.History.Epochs[2].ValidationLoss > result.History.Epochs[1].ValidationLoss);
    }

    [Fact]
    public void Fit_ResumedFromTheCheckpointThatStoppedEarly_TrainsNoFurther()
    {
        using var temp = new TempFolder();
        CommentSet comments = TinyTraining.Comments(16);
        TokenizedComments train = TinyTraining.Tokenized(new CommentSet(comments.Select(c => c with { Labels = (ToxicLabels)0b111111 }).ToArray(), "all on"));
        TokenizedComments validation = TinyTraining.Tokenized(new CommentSet(comments.Select(c => c with { Labels = ToxicLabels.None }).ToArray(), "all off"));
        var options = new TrainingOptions { Epochs = 10, BatchSize = 8, LearningRate = 1e-3, EarlyStoppingPatience = 2 };
        string checkpoints = temp.File("checkpoints");
        using Module<Tensor, Tensor, Tensor, Tensor> stopped = TinyTraining.Model();
        TrainingResult first = new Trainer(stopped, options).Fit(train, validation, new TrainingOutputs { CheckpointFolder = checkpoints });
        Assert.Equal(TrainingOutcome.StoppedEarly, first.Outcome);
        TrainingCheckpoint latest = new CheckpointStore(checkpoints).LoadLatest();

        using Module<Tensor, Tensor, Tensor, Tensor> resumed = TinyTraining.Model(seed: 77);
        var saved = new List<int>();
        TrainingResult again = new Trainer(resumed, options).Fit(train, validation, new TrainingOutputs { CheckpointFolder = checkpoints, SaveBestModel = saved.Add }, latest);

        Assert.Equal(TrainingOutcome.StoppedEarly, again.Outcome);
        Assert.Equal(first.History.Epochs.Count, again.History.Epochs.Count);
        Assert.Equal(first.History.Steps, again.History.Steps);
        Assert.Equal((first.BestEpoch, first.BestValidationLoss), (again.BestEpoch, again.BestValidationLoss));
        Assert.Empty(saved);
        TinyTraining.AssertSameWeights(stopped, resumed); // the checkpoint's weights, not trained any further
        Assert.Equal(latest.Folder, new CheckpointStore(checkpoints).LoadLatest().Folder);
    }

    [Fact]
    public void Fit_FrozenEncoder_TrainsOnlyTheHead()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        Dictionary<string, Tensor> before = TinyTraining.Weights(model);

        new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e-2, FreezeEncoder = true }).Fit(TinyTraining.Tokenized(8));

        Dictionary<string, Tensor> after = TinyTraining.Weights(model);
        Assert.All(before.Where(p => p.Key.StartsWith("bert.", StringComparison.Ordinal)), p => Assert.True(p.Value.allclose(after[p.Key], rtol: 0, atol: 0), p.Key));
        Assert.All(before.Where(p => p.Key.StartsWith("dense_", StringComparison.Ordinal)), p => Assert.False(p.Value.allclose(after[p.Key], rtol: 0, atol: 0), p.Key));
    }

    [Fact]
    public void Fit_FrozenEmbeddings_TrainsAllButTheEmbeddingLayer()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        Dictionary<string, Tensor> before = TinyTraining.Weights(model);

        new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e-2, FreezeEmbeddings = true }).Fit(TinyTraining.Tokenized(8));

        Dictionary<string, Tensor> after = TinyTraining.Weights(model);
        var embeddings = before.Keys.Where(k => k.StartsWith("bert.embeddings.", StringComparison.Ordinal)).ToList();
        Assert.Contains("bert.embeddings.word_embeddings.weight", embeddings);
        Assert.Contains("bert.embeddings.LayerNorm.weight", embeddings);
        Assert.All(embeddings, k => Assert.True(before[k].allclose(after[k], rtol: 0, atol: 0), k));
        Assert.All(embeddings, k => Assert.False(model.get_parameter(k)!.requires_grad, k));
        Assert.All(before.Where(p => p.Key.StartsWith("bert.encoder.", StringComparison.Ordinal) && p.Key.EndsWith(".weight", StringComparison.Ordinal)),
            p => Assert.False(p.Value.allclose(after[p.Key], rtol: 0, atol: 0), p.Key));
        Assert.All(before.Where(p => p.Key.StartsWith("dense_", StringComparison.Ordinal)), p => Assert.False(p.Value.allclose(after[p.Key], rtol: 0, atol: 0), p.Key));
    }

    [Fact]
    public void Fit_AccumulatingTwoBatchesOfFour_EqualsOneBatchOfEight()
    {
        TokenizedComments data = TinyTraining.Tokenized(16);
        var single = new TrainingOptions { Epochs = 1, BatchSize = 8, GroupByLength = false, LearningRate = 1e-3 };
        var accumulated = single with { BatchSize = 4, GradientAccumulationSteps = 2 };
        // No dropout (Hugging Face's head takes it from the config), so both see the same function; the plan's row
        // order depends only on the seed.
        using Module<Tensor, Tensor, Tensor, Tensor> a = TinyTraining.Model(dropout: 0, head: ClassifierHead.HuggingFace),
            b = TinyTraining.Model(dropout: 0, head: ClassifierHead.HuggingFace);

        new Trainer(a, single).Fit(data);
        new Trainer(b, accumulated).Fit(data);

        foreach ((string key, Tensor value) in TinyTraining.Weights(a))
        {
            Tensor other = TinyTraining.Weights(b)[key];
            Assert.True(value.allclose(other, rtol: 1e-4, atol: 1e-6), $"{key}: max |diff| {(value - other).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Fit_200Steps_LeaksNoTensors()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();
        var live = new Dictionary<int, long>();
        var options = new TrainingOptions
        {
            Epochs = 50, BatchSize = 4, MaxGradNorm = 1, Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01, Schedule = ScheduleKind.Linear,
        };

        // Counted on the reporting thread, which is the training thread: TorchSharp counts live tensors per thread.
        new Trainer(model, options).Fit(TinyTraining.Tokenized(16), TinyTraining.Tokenized(8, seed: 4),
            progress: new SynchronousProgress<TrainingProgress>(p => live[p.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount));

        Assert.Equal(200, live.Keys.Max());
        Assert.Equal(live[10], live[200]);
    }

    [Fact]
    public void Fit_PositiveWeights_MakeMissedPositivesCostMore()
    {
        // The same model and batch: with positives weighted 10 times, the first step's loss is larger, and equals
        // PyTorch's pos_weight formula worked out from the logits: -(w y log s(z) + (1 - y) log(1 - s(z))), averaged.
        TokenizedComments data = TinyTraining.Tokenized(8);
        double[] weights = [10, 10, 10, 10, 10, 10];
        var plain = new List<double>();
        var weighted = new List<double>();
        // Hugging Face's head takes its dropout from the config (0 here); the tutorial's has a fixed 0.1.
        using (Module<Tensor, Tensor, Tensor, Tensor> a = TinyTraining.Model(dropout: 0, head: ClassifierHead.HuggingFace))
        {
            new Trainer(a, new TrainingOptions { Epochs = 1, BatchSize = 8, LearningRate = 1e-12 }).Fit(data, progress: new SynchronousProgress<TrainingProgress>(p => plain.Add(p.Loss)));
        }
        using Module<Tensor, Tensor, Tensor, Tensor> b = TinyTraining.Model(dropout: 0, head: ClassifierHead.HuggingFace);
        double expected;
        using (TorchSharp.torch.no_grad())
        using (LabelledBatch batch = data.Batch(Enumerable.Range(0, 8).ToArray(), ToxicComments.Tokenization.Padding.Dynamic, CPU))
        {
            Tensor z = b.forward(batch.Tokens.InputIds, batch.Tokens.AttentionMask, batch.Tokens.TokenTypeIds);
            Tensor y = batch.Targets;
            expected = (-(10 * y * functional.logsigmoid(z)) - ((1 - y) * functional.logsigmoid(-z))).mean().item<float>();
        }
        new Trainer(b, new TrainingOptions { Epochs = 1, BatchSize = 8, LearningRate = 1e-12, PositiveWeights = weights })
            .Fit(data, progress: new SynchronousProgress<TrainingProgress>(p => weighted.Add(p.Loss)));

        Assert.Equal(expected, weighted[0], 5);
        Assert.True(weighted[0] > plain[0] + 0.05, $"weighted {weighted[0]:F4}, plain {plain[0]:F4}");
    }

    [Fact]
    public void Options_Invalid_AreRejectedByName()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = TinyTraining.Model();

        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, new TrainingOptions { WeightDecay = 0.1 })).ParamName);
        Assert.Equal("WarmupRatio", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, new TrainingOptions { WarmupRatio = 2 })).ParamName);
        Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainingOptions { EarlyStoppingPatience = 1 }).Fit(TinyTraining.Tokenized(4)));
        Assert.Contains("3 positive weights for 6 labels", Assert.Throws<ArgumentException>(
            () => new Trainer(model, new TrainingOptions { PositiveWeights = [1, 2, 3] }).Fit(TinyTraining.Tokenized(4))).Message, StringComparison.Ordinal);
    }

    /// <summary>A model whose logits turn to NaN from its n-th forward call on: a learning rate gone wrong, on demand.</summary>
    private sealed class PoisonedAfter : Module<Tensor, Tensor, Tensor, Tensor>
    {
        private readonly Module<Tensor, Tensor, Tensor, Tensor> inner;
        private readonly int forwardCalls;
        private int calls;

        public PoisonedAfter(Module<Tensor, Tensor, Tensor, Tensor> inner, int forwardCalls) : base(nameof(PoisonedAfter))
        {
            this.inner = inner;
            this.forwardCalls = forwardCalls;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
        {
            Tensor logits = inner.forward(input_ids, attention_mask, token_type_ids);
            return ++calls > forwardCalls ? logits * float.NaN : logits;
        }
    }
}
