using System.Globalization;
using System.Text.Json;
using ToxicComments.IO;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ToxicComments.Training.Checkpoints;

/// <summary>
/// A run's checkpoints, one folder each (<c>step-000200/</c>: <c>model.safetensors</c>, <c>optimizer.bin</c>,
/// <c>trainer_state.json</c>). A checkpoint is written into a hidden temporary folder and renamed into place when
/// complete, so a run killed at any moment leaves every visible checkpoint whole; the newest few are kept.
/// </summary>
public sealed class CheckpointStore
{
    internal const string ModelFile = "model.safetensors";
    internal const string OptimizerFile = "optimizer.bin";
    internal const string StateFile = "trainer_state.json";
    private const string Prefix = "step-";

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <param name="folder">The checkpoints folder, created on the first save.</param>
    /// <param name="keep">How many checkpoints to keep, newest first.</param>
    public CheckpointStore(string folder, int keep = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Folder = folder;
        Keep = keep;
    }

    /// <summary>The checkpoints folder.</summary>
    public string Folder { get; }

    /// <summary>How many checkpoints are kept.</summary>
    public int Keep { get; }

    /// <summary>The checkpoint folders, newest (highest step) first; empty when there are none.</summary>
    public IReadOnlyList<string> List() =>
        !Directory.Exists(Folder) ? []
        : Directory.GetDirectories(Folder, Prefix + "*")
            .Select(path => (Path: path, Step: StepOf(path)))
            .Where(c => c.Step is not null)
            .OrderByDescending(c => c.Step)
            .Select(c => c.Path)
            .ToList();

    /// <summary>
    /// Deletes the temporary folders of checkpoint writes that never finished (a killed process leaves its
    /// <c>.step-*.tmp</c>); the run folder's lock makes sure no other process is writing one.
    /// </summary>
    public void DeleteUnfinished()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }
        foreach (string unfinished in Directory.GetDirectories(Folder, $".{Prefix}*.tmp"))
        {
            Directory.Delete(unfinished, recursive: true);
        }
    }

    /// <summary>The newest checkpoint folder, or null when there is none.</summary>
    public string? Latest() => List() is [string newest, ..] ? newest : null;

    /// <summary>
    /// Loads and checks the newest checkpoint. When it is damaged, the error names the damaged file and the
    /// previous checkpoint to resume from instead.
    /// </summary>
    /// <exception cref="CheckpointException">No checkpoint, or the newest one is damaged.</exception>
    public TrainingCheckpoint LoadLatest()
    {
        IReadOnlyList<string> all = List();
        if (all.Count == 0)
        {
            throw new CheckpointException($"{Folder}: no checkpoint to resume from.");
        }
        try
        {
            return TrainingCheckpoint.Load(all[0]);
        }
        catch (CheckpointException e) when (all.Count > 1)
        {
            throw new CheckpointException($"{e.Message} The previous checkpoint, {all[1]}, can be resumed from instead.", e);
        }
    }

    /// <summary>Writes a checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and <paramref name="state"/>.</summary>
    /// <returns>The checkpoint's folder.</returns>
    public string Save(TrainerState state, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        string final = Path.Combine(Folder, Prefix + state.Step.ToString("D6", CultureInfo.InvariantCulture));
        string temporary = Path.Combine(Folder, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            SafeTensors.Write(Path.Combine(temporary, ModelFile),
                model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous()));
            AtomicFile.Write(Path.Combine(temporary, OptimizerFile), stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                optimizer.save_state_dict(writer);
            });
            TrainerState complete = state with
            {
                Files = new[] { ModelFile, OptimizerFile }.ToDictionary(name => name, name => Digest(Path.Combine(temporary, name))),
            };
            AtomicFile.WriteText(Path.Combine(temporary, StateFile), writer => writer.Write(JsonSerializer.Serialize(complete, Json)));
            // A checkpoint of the same step (a run resumed from an older one) is replaced.
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);
            }
            Directory.Move(temporary, final);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
        foreach (string old in List().Skip(Keep))
        {
            Directory.Delete(old, recursive: true);
        }
        return final;
    }

    internal static FileDigest Digest(string path)
    {
        (long bytes, string sha256) = FileIdentity.Hash(path);
        return new FileDigest(bytes, sha256);
    }

    private static int? StepOf(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int step) ? step : null;
    }
}
