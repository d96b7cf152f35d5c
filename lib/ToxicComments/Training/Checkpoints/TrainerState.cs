namespace ToxicComments.Training.Checkpoints;

/// <summary>
/// Where a run stands, saved with each checkpoint as <c>trainer_state.json</c> (the name Hugging Face's
/// <c>Trainer</c> uses): enough, with the weights and the optimizer's moments, to continue as if it had never stopped.
/// </summary>
public sealed record TrainerState
{
    /// <summary>Optimizer steps taken.</summary>
    public required int Step { get; init; }

    /// <summary>The epoch in progress, from 0 (equal to the epoch count once the run is over).</summary>
    public required int Epoch { get; init; }

    /// <summary>Batches of <see cref="Epoch"/> already trained on; the epoch's batch plan is rebuilt from the seed.</summary>
    public required int BatchesDone { get; init; }

    /// <summary>Sum of per-comment training losses in the epoch so far, for the epoch's mean.</summary>
    public required double EpochLossSum { get; init; }

    /// <summary>Comments trained on in the epoch so far.</summary>
    public required long EpochComments { get; init; }

    /// <summary>The lowest validation loss of a finished epoch, if any.</summary>
    public double? BestValidationLoss { get; init; }

    /// <summary>The epoch that reached <see cref="BestValidationLoss"/> (or the last, without validation).</summary>
    public int? BestEpoch { get; init; }

    /// <summary>Epochs since the validation loss last improved, for early stopping.</summary>
    public int EpochsWithoutImprovement { get; init; }

    /// <summary>TorchSharp's CPU random generator (dropout draws from it), base64.</summary>
    public required string RandomState { get; init; }

    /// <summary>What fixes the order of batches: a resumed run must be planned the same way.</summary>
    public required BatchPlanKey Plan { get; init; }

    /// <summary>
    /// The options that shape the weights beyond the batch plan (<see cref="TrainingOptions.Fingerprint"/>), so that a
    /// resume with other ones is caught; null in checkpoints written before it was recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Losses so far.</summary>
    public required IReadOnlyList<StepLoss> Steps { get; init; }

    /// <summary>Finished epochs so far.</summary>
    public required IReadOnlyList<EpochLoss> Epochs { get; init; }

    /// <summary>The checkpoint's other files with their sizes and hashes, checked before anything is loaded.</summary>
    public required IReadOnlyDictionary<string, FileDigest> Files { get; init; }
}

/// <summary>The settings that decide which comments each step trains on.</summary>
public sealed record BatchPlanKey(int Seed, int BatchSize, bool GroupByLength, int GradientAccumulationSteps, int TrainComments, int Epochs);

/// <summary>
/// A file's length and SHA-256, as hex: what the Hub records for large files too. (The BCL's SHA-256 keeps the
/// library free of a hashing package a notebook kernel would also have to load.)
/// </summary>
public sealed record FileDigest(long Bytes, string Sha256);
