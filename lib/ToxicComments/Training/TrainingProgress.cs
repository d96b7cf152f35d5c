namespace ToxicComments.Training;

/// <summary>What a run reports after each optimizer step and at the end of each epoch.</summary>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="TotalSteps">Optimizer steps in the whole run.</param>
/// <param name="Epoch">The epoch in progress, from 0.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Loss">The last step's training loss.</param>
/// <param name="LearningRate">The last step's learning rate.</param>
/// <param name="TokensPerSecond">Real tokens (not padding) trained on per second since the run (re)started.</param>
/// <param name="Elapsed">Time since the run (re)started.</param>
/// <param name="Remaining">Estimated time left, from the pace so far; null before the first step.</param>
/// <param name="History">The losses so far (the run's own record: read it during the report, do not keep it).</param>
/// <param name="EpochEnded">Set on the report that ends an epoch: its train and validation loss.</param>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    int Epochs,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    LossHistory History,
    EpochLoss? EpochEnded = null)
{
    /// <summary>In a soup of several models (<c>FineTuneSettings.SoupSize</c>), the member training now, from 1; otherwise 1.</summary>
    public int SoupMember { get; init; } = 1;

    /// <summary>How many members the soup has; 1 when one model is trained.</summary>
    public int SoupSize { get; init; } = 1;
}

/// <summary>How a run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The validation loss stopped improving (early stopping).</summary>
    StoppedEarly,

    /// <summary>Cancelled; a checkpoint of the last step was saved when a checkpoint folder was given.</summary>
    Cancelled,
}

/// <summary>The end of a run.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="History">Losses per step and per epoch.</param>
/// <param name="BestEpoch">The epoch whose model was kept (lowest validation loss, or the last without validation).</param>
/// <param name="BestValidationLoss">That epoch's validation loss, without validation null.</param>
/// <param name="LastCheckpoint">The newest checkpoint folder, when checkpoints were written.</param>
/// <param name="Elapsed">Time this call spent.</param>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    LossHistory History,
    int? BestEpoch,
    double? BestValidationLoss,
    string? LastCheckpoint,
    TimeSpan Elapsed);

/// <summary>Where a run writes what it produces; every member is optional.</summary>
public sealed record TrainingOutputs
{
    /// <summary>Checkpoints go here (see <see cref="Checkpoints.CheckpointStore"/>).</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>The per-step loss CSV, rewritten at each checkpoint and epoch end.</summary>
    public string? StepLossFile { get; init; }

    /// <summary>The per-epoch loss CSV, rewritten at each epoch end.</summary>
    public string? EpochLossFile { get; init; }

    /// <summary>Called at the end of an epoch that is the best so far, to save the model (e.g. as a Hugging Face folder).</summary>
    public Action<int>? SaveBestModel { get; init; }
}

/// <summary>The loss became NaN or infinite. The weights were not updated with it; the message names the last good checkpoint.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message, string? lastCheckpoint) : base(message) => LastCheckpoint = lastCheckpoint;

    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message) : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>The newest checkpoint, written before the loss diverged; null if none was written.</summary>
    public string? LastCheckpoint { get; }
}
