using System.Text.Json;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ToxicComments.Training.Checkpoints;

/// <summary>A checkpoint read back and checked: its state, and its files, whose sizes and hashes match the state's record.</summary>
public sealed class TrainingCheckpoint
{
    private TrainingCheckpoint(string folder, TrainerState state)
    {
        Folder = folder;
        State = state;
    }

    /// <summary>The checkpoint's folder.</summary>
    public string Folder { get; }

    /// <summary>Where the run stood.</summary>
    public TrainerState State { get; }

    /// <summary>Reads <paramref name="folder"/>'s state and checks every file it lists.</summary>
    /// <exception cref="CheckpointException">A file is missing, damaged or malformed; the message names it.</exception>
    public static TrainingCheckpoint Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CheckpointException($"{folder}: no such checkpoint folder.");
        }
        string statePath = Path.Combine(folder, CheckpointStore.StateFile);
        TrainerState state;
        try
        {
            state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath), CheckpointStore.Json)
                ?? throw new CheckpointException($"{statePath}: empty.");
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointException($"{statePath}: missing; the checkpoint is incomplete.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{statePath}: malformed at {e.Path ?? "the start"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
        foreach (string required in new[] { CheckpointStore.ModelFile, CheckpointStore.OptimizerFile })
        {
            if (!state.Files.ContainsKey(required))
            {
                throw new CheckpointException($"{statePath}: 'Files' has no entry for {required}.");
            }
        }
        foreach ((string name, FileDigest expected) in state.Files)
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                throw new CheckpointException($"{path}: missing; the checkpoint is incomplete.");
            }
            FileDigest actual = CheckpointStore.Digest(path);
            if (actual != expected)
            {
                throw new CheckpointException(
                    $"{path}: damaged ({actual.Bytes:N0} bytes, SHA-256 {actual.Sha256}; {CheckpointStore.StateFile} records {expected.Bytes:N0} bytes, {expected.Sha256}).");
            }
        }
        return new TrainingCheckpoint(folder, state);
    }

    /// <summary>Copies the saved weights into <paramref name="model"/> and the saved moments into <paramref name="optimizer"/>.</summary>
    /// <exception cref="CheckpointException">The checkpoint does not fit the model (a different architecture or head).</exception>
    public void Restore(nn.Module model, OptimizerHelper optimizer)
    {
        string modelPath = Path.Combine(Folder, CheckpointStore.ModelFile);
        try
        {
            using StateDict weights = SafeTensors.Read(modelPath);
            LoadReport report = StateDictLoader.Load(model, weights, modelPath);
            if (report.Unexpected.Count > 0)
            {
                throw new InvalidDataException($"{modelPath}: weights the model does not have: {string.Join(", ", report.Unexpected.Take(5))}.");
            }
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException($"{e.Message} Was the checkpoint written by a run with another model?", e);
        }
        string optimizerPath = Path.Combine(Folder, CheckpointStore.OptimizerFile);
        try
        {
            using var reader = new BinaryReader(File.OpenRead(optimizerPath));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException or InvalidOperationException)
        {
            throw new CheckpointException($"{optimizerPath}: does not fit this run's optimizer ({e.Message}); was it written with another optimizer or model?", e);
        }
    }
}
