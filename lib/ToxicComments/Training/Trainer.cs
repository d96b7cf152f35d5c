using System.Diagnostics;
using ToxicComments.Inference;
using ToxicComments.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Training;

/// <summary>
/// Fine-tunes a classification model (input ids, attention mask, token types to logits) on tokenized comments with
/// binary cross-entropy on each label. The trainer owns the loop; callers watch it through
/// <see cref="IProgress{T}"/> and choose what it writes through <see cref="TrainingOutputs"/>.
/// </summary>
public sealed class Trainer
{
    private readonly Module<Tensor, Tensor, Tensor, Tensor> model;
    private readonly Device device;

    /// <param name="model">The model; it is moved to <paramref name="device"/>.</param>
    /// <param name="options">The run's settings.</param>
    /// <param name="device">Where to train; the CPU by default (see <c>TorchRuntime.PickDevice</c>).</param>
    public Trainer(Module<Tensor, Tensor, Tensor, Tensor> model, TrainingOptions options, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        Options = options;
        this.device = device ?? CPU;
    }

    /// <summary>The run's settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, or continues the run <paramref name="resumeFrom"/>
    /// saved. With a validation set, its loss is computed at each epoch's end, the best epoch's model is handed to
    /// <see cref="TrainingOutputs.SaveBestModel"/> and early stopping watches it.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="CheckpointException"><paramref name="resumeFrom"/> does not belong to this run.</exception>
    public TrainingResult Fit(
        TokenizedComments train,
        TokenizedComments? validation = null,
        TrainingOutputs? outputs = null,
        TrainingCheckpoint? resumeFrom = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfZero(train.Count, nameof(train));
        if (Options.PositiveWeights is { } weights && weights.Count != train.LabelCount)
        {
            throw new ArgumentException($"{weights.Count} positive weights for {train.LabelCount} labels.", nameof(train));
        }
        if (Options.EarlyStoppingPatience is not null && validation is null)
        {
            throw new ArgumentException("early stopping watches the validation loss: give a validation set.", nameof(validation));
        }
        if (device.type == DeviceType.CPU)
        {
            torch.set_num_threads(Options.Threads ?? Environment.ProcessorCount);
        }
        return new Run(this, train, validation, outputs ?? new TrainingOutputs(), progress, cancellationToken).Execute(resumeFrom);
    }

    /// <summary>One call of <see cref="Fit"/>: the loop and the state it carries.</summary>
    private sealed class Run
    {
        private readonly Trainer trainer;
        private readonly TrainingOptions options;
        private readonly TokenizedComments train;
        private readonly TokenizedComments? validation;
        private readonly TrainingOutputs outputs;
        private readonly IProgress<TrainingProgress>? progress;
        private readonly CancellationToken cancellationToken;
        private readonly CheckpointStore? checkpoints;
        private readonly int[] lengths;
        private readonly int stepsPerEpoch;
        private readonly LearningRateSchedule schedule;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly BatchPlanKey planKey;

        private IReadOnlyList<Parameter> parameters = [];
        private LossHistory history = new();
        private string? lastCheckpoint;
        private long tokensSinceStart;
        private int stepsSinceStart;

        // Where the run stands; saved in checkpoints.
        private int step;
        private int epoch;
        private int batchesDone;
        private double epochLossSum;
        private long epochComments;
        private double? bestValidationLoss;
        private int? bestEpoch;
        private int epochsWithoutImprovement;

        public Run(Trainer trainer, TokenizedComments train, TokenizedComments? validation, TrainingOutputs outputs,
                   IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            this.trainer = trainer;
            options = trainer.Options;
            this.train = train;
            this.validation = validation;
            this.outputs = outputs;
            this.progress = progress;
            this.cancellationToken = cancellationToken;
            checkpoints = outputs.CheckpointFolder is null ? null : new CheckpointStore(outputs.CheckpointFolder, options.CheckpointsToKeep);
            lengths = train.Texts.Lengths();
            int batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
            stepsPerEpoch = (batchesPerEpoch + options.GradientAccumulationSteps - 1) / options.GradientAccumulationSteps;
            schedule = LearningRateSchedule.For(options, stepsPerEpoch * options.Epochs);
            planKey = new BatchPlanKey(options.Seed, options.BatchSize, options.GroupByLength, options.GradientAccumulationSteps, train.Count, options.Epochs);
        }

        private Module<Tensor, Tensor, Tensor, Tensor> Model => trainer.model;

        private Device Device => trainer.device;

        public TrainingResult Execute(TrainingCheckpoint? resumeFrom)
        {
            // What a killed checkpoint write left behind (up to a model's size each) goes before this run writes its own.
            checkpoints?.DeleteUnfinished();
            Model.to(Device);
            IReadOnlyList<(string Name, Parameter Parameter)> trainable = Optimizers.Trainable(Model, options.FreezeEncoder, options.FreezeEmbeddings);
            parameters = trainable.Select(p => p.Parameter).ToList();
            using OptimizerHelper optimizer = Optimizers.Create(trainable, options);
            if (resumeFrom is null)
            {
                torch.random.manual_seed(options.Seed);
            }
            else
            {
                Restore(resumeFrom, optimizer);
                if (PatienceRanOut())
                {
                    // The checkpoint that early stopping ended the run with: the run is over, resumed or not.
                    return Result(TrainingOutcome.StoppedEarly);
                }
            }
            using Tensor? positiveWeights = options.PositiveWeights is { } weights
                ? tensor(weights.Select(w => (float)w).ToArray(), ScalarType.Float32, Device)
                : null;

            while (epoch < options.Epochs)
            {
                int[][] plan = BatchPlan.ForEpoch(lengths, options.BatchSize, options.GroupByLength, options.Seed, epoch);
                Model.train();
                while (batchesDone < plan.Length)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        Checkpoint(optimizer);
                        return Result(TrainingOutcome.Cancelled);
                    }
                    int group = Math.Min(options.GradientAccumulationSteps, plan.Length - batchesDone);
                    TrainStep(optimizer, plan.AsSpan(batchesDone, group).ToArray(), positiveWeights);
                    batchesDone += group;
                    if (options.CheckpointEverySteps is { } every && step % every == 0 && batchesDone < plan.Length)
                    {
                        Checkpoint(optimizer);
                    }
                }
                if (EndEpoch(optimizer, positiveWeights))
                {
                    return Result(TrainingOutcome.StoppedEarly);
                }
            }
            return Result(TrainingOutcome.Completed);
        }

        // One optimizer step over `batches` (gradient accumulation): the gradient is that of the mean loss over all
        // their comments, as if they were one batch.
        private void TrainStep(OptimizerHelper optimizer, int[][] batches, Tensor? positiveWeights)
        {
            double rate = schedule.At(step);
            Optimizers.SetLearningRate(optimizer, rate);
            int comments = batches.Sum(b => b.Length);
            double lossSum = 0;
            long tokens = 0;
            foreach (int[] rows in batches)
            {
                using var scope = NewDisposeScope();
                using LabelledBatch batch = train.Batch(rows, options.Padding, Device);
                Tensor logits = Model.forward(batch.Tokens.InputIds, batch.Tokens.AttentionMask, batch.Tokens.TokenTypeIds);
                Tensor loss = functional.binary_cross_entropy_with_logits(logits, batch.Targets, pos_weights: positiveWeights);
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    optimizer.zero_grad();
                    throw Diverged(value);
                }
                (loss * ((double)rows.Length / comments)).backward();
                lossSum += value * rows.Length;
                tokens += batch.Tokens.RealTokens;
            }
            // Clipping and the update make temporaries of their own: a scope collects them.
            using (NewDisposeScope())
            {
                if (options.MaxGradNorm is { } maxNorm)
                {
                    double norm = nn.utils.clip_grad_norm_(parameters, maxNorm);
                    if (!double.IsFinite(norm))
                    {
                        optimizer.zero_grad();
                        throw Diverged(norm, "gradient norm");
                    }
                }
                optimizer.step();
                optimizer.zero_grad();
            }

            step++;
            stepsSinceStart++;
            tokensSinceStart += tokens;
            epochLossSum += lossSum;
            epochComments += comments;
            history.Add(new StepLoss(step, epoch, lossSum / comments, rate, tokens));
            Report(lossSum / comments, rate);
        }

        // Validation, the best model, early stopping and a checkpoint. Returns true when the run should stop.
        private bool EndEpoch(OptimizerHelper optimizer, Tensor? positiveWeights)
        {
            double? validationLoss = validation is null ? null : Evaluate(validation, positiveWeights);
            var ended = new EpochLoss(epoch, step, epochLossSum / Math.Max(1, epochComments), validationLoss, clock.Elapsed.TotalSeconds);
            history.Add(ended);
            bool improved = validationLoss is null || bestValidationLoss is null || validationLoss < bestValidationLoss;
            if (improved)
            {
                bestValidationLoss = validationLoss;
                bestEpoch = epoch;
                epochsWithoutImprovement = 0;
                outputs.SaveBestModel?.Invoke(epoch);
            }
            else
            {
                epochsWithoutImprovement++;
            }
            progress?.Report(Progress(ended.TrainLoss, schedule.At(Math.Max(0, step - 1))) with { EpochEnded = ended });

            epoch++;
            batchesDone = 0;
            epochLossSum = 0;
            epochComments = 0;
            Checkpoint(optimizer);
            return PatienceRanOut();
        }

        // Early stopping's rule, at an epoch's end: as many epochs without a better validation loss as the patience
        // allows, with epochs still to go (a run that used them all completed).
        private bool PatienceRanOut() =>
            batchesDone == 0 && epochsWithoutImprovement >= (options.EarlyStoppingPatience ?? int.MaxValue) && epoch < options.Epochs;

        /// <summary>Mean loss per comment over <paramref name="comments"/>, in evaluation mode (no dropout, no gradients).</summary>
        private double Evaluate(TokenizedComments comments, Tensor? positiveWeights)
        {
            using var scope = NewDisposeScope();
            Tensor logits = ForwardPass.Run(Model, comments.Texts, comments.PaddingId, options.EvaluationBatchSize, Device, Model.forward); // (comments, labels)
            Tensor targets = tensor(comments.Truth(), ScalarType.Float64);
            Tensor losses = functional.binary_cross_entropy_with_logits(logits, targets, reduction: Reduction.None,
                pos_weights: positiveWeights?.to(ScalarType.Float64).cpu());
            return losses.mean([1]).sum().item<double>() / comments.Count;
        }

        private void Checkpoint(OptimizerHelper optimizer)
        {
            if (outputs.StepLossFile is not null && outputs.EpochLossFile is not null)
            {
                history.Save(outputs.StepLossFile, outputs.EpochLossFile);
            }
            if (checkpoints is null)
            {
                return;
            }
            using Tensor random = torch.random.get_rng_state();
            var state = new TrainerState
            {
                Step = step,
                Epoch = epoch,
                BatchesDone = batchesDone,
                EpochLossSum = epochLossSum,
                EpochComments = epochComments,
                BestValidationLoss = bestValidationLoss,
                BestEpoch = bestEpoch,
                EpochsWithoutImprovement = epochsWithoutImprovement,
                RandomState = Convert.ToBase64String(random.data<byte>().ToArray()),
                Plan = planKey,
                Options = options.Fingerprint(),
                Steps = history.Steps,
                Epochs = history.Epochs,
                Files = new Dictionary<string, FileDigest>(),
            };
            lastCheckpoint = checkpoints.Save(state, Model, optimizer);
        }

        private void Restore(TrainingCheckpoint checkpoint, OptimizerHelper optimizer)
        {
            TrainerState state = checkpoint.State;
            if (state.Plan != planKey)
            {
                throw new CheckpointException(
                    $"{checkpoint.Folder}: written by a run with {state.Plan}, not {planKey}; resume with the same data and options.");
            }
            if (state.Options is { } recorded && !options.ResumeWithChangedOptions)
            {
                IReadOnlyDictionary<string, string> now = options.Fingerprint();
                string[] changed = now.Where(o => recorded.TryGetValue(o.Key, out string? then) && then != o.Value)
                    .Select(o => $"--{o.Key} {o.Value} (the checkpoint's: {recorded[o.Key]})").ToArray();
                if (changed.Length > 0)
                {
                    throw new CheckpointException(
                        $"{checkpoint.Folder}: this resume changes {string.Join(", ", changed)}; resume with the checkpoint's options, or add --force to continue with the new ones.");
                }
            }
            checkpoint.Restore(Model, optimizer);
            // Adam's moments load onto the CPU; they must live where the parameters do.
            optimizer.to(Device);
            using (Tensor random = tensor(Convert.FromBase64String(state.RandomState), ScalarType.Byte))
            {
                torch.random.set_rng_state(random);
            }
            step = state.Step;
            epoch = state.Epoch;
            batchesDone = state.BatchesDone;
            epochLossSum = state.EpochLossSum;
            epochComments = state.EpochComments;
            bestValidationLoss = state.BestValidationLoss;
            bestEpoch = state.BestEpoch;
            epochsWithoutImprovement = state.EpochsWithoutImprovement;
            history = new LossHistory(state.Steps, state.Epochs);
            lastCheckpoint = checkpoint.Folder;
        }

        private void Report(double loss, double rate) => progress?.Report(Progress(loss, rate));

        private TrainingProgress Progress(double loss, double rate)
        {
            TimeSpan elapsed = clock.Elapsed;
            int total = stepsPerEpoch * options.Epochs;
            TimeSpan? remaining = stepsSinceStart == 0 ? null : elapsed / stepsSinceStart * (total - step);
            return new TrainingProgress(step, total, Math.Min(epoch, options.Epochs - 1), options.Epochs, loss, rate,
                tokensSinceStart / Math.Max(1e-9, elapsed.TotalSeconds), elapsed, remaining, history);
        }

        private TrainingDivergedException Diverged(double value, string what = "training loss") => new(
            $"step {step + 1} (epoch {epoch + 1}): the {what} is {value}; training stopped and the weights were not updated with it. "
            + (lastCheckpoint is null ? "No checkpoint was written before it. " : $"The last good checkpoint is {lastCheckpoint}. ")
            + "Try a lower learning rate or gradient clipping (MaxGradNorm).",
            lastCheckpoint);

        private TrainingResult Result(TrainingOutcome outcome)
        {
            if (outputs.StepLossFile is not null && outputs.EpochLossFile is not null)
            {
                history.Save(outputs.StepLossFile, outputs.EpochLossFile);
            }
            Model.eval();
            return new TrainingResult(outcome, history, bestEpoch, bestValidationLoss, lastCheckpoint, clock.Elapsed);
        }
    }
}
