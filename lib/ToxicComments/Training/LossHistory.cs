using System.Globalization;
using ToxicComments.IO;

namespace ToxicComments.Training;

/// <summary>One optimizer step: its mean training loss over the step's batches, the rate it used, the tokens it saw.</summary>
public sealed record StepLoss(int Step, int Epoch, double Loss, double LearningRate, long Tokens);

/// <summary>One epoch: the mean training loss over its comments and, with a validation set, the validation loss.</summary>
public sealed record EpochLoss(int Epoch, int Step, double TrainLoss, double? ValidationLoss, double Seconds);

/// <summary>
/// The losses of a run, per step and per epoch, kept in checkpoints (so a resumed run continues its history) and
/// written as two CSV files that stage 06 plots.
/// </summary>
public sealed class LossHistory
{
    private const string StepHeader = "step,epoch,loss,learning_rate,tokens";
    private const string EpochHeader = "epoch,step,train_loss,validation_loss,seconds";

    private readonly List<StepLoss> steps;
    private readonly List<EpochLoss> epochs;

    public LossHistory(IEnumerable<StepLoss>? steps = null, IEnumerable<EpochLoss>? epochs = null)
    {
        this.steps = [.. steps ?? []];
        this.epochs = [.. epochs ?? []];
    }

    /// <summary>Every optimizer step so far.</summary>
    public IReadOnlyList<StepLoss> Steps => steps;

    /// <summary>Every finished epoch so far.</summary>
    public IReadOnlyList<EpochLoss> Epochs => epochs;

    /// <summary>
    /// The first epoch (from 0) where over-fitting shows: its validation loss is above the lowest one before it while
    /// its training loss is still falling, i.e. the model learns the training comments rather than the task. Null when
    /// that never happens or there is no validation loss.
    /// </summary>
    public int? OverfittingEpoch()
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < epochs.Count; i++)
        {
            if (epochs[i].ValidationLoss is not { } validation)
            {
                return null;
            }
            if (i > 0 && validation > best && epochs[i].TrainLoss < epochs[i - 1].TrainLoss)
            {
                return epochs[i].Epoch;
            }
            best = Math.Min(best, validation);
        }
        return null;
    }

    internal void Add(StepLoss step) => steps.Add(step);

    internal void Add(EpochLoss epoch) => epochs.Add(epoch);

    /// <summary>Writes both CSV files, each atomically.</summary>
    public void Save(string stepFile, string epochFile)
    {
        AtomicFile.WriteText(stepFile, writer =>
        {
            writer.WriteLine(StepHeader);
            foreach (StepLoss s in steps)
            {
                writer.WriteLine(Invariant($"{s.Step},{s.Epoch},{s.Loss:R},{s.LearningRate:R},{s.Tokens}"));
            }
        });
        AtomicFile.WriteText(epochFile, writer =>
        {
            writer.WriteLine(EpochHeader);
            foreach (EpochLoss e in epochs)
            {
                writer.WriteLine(Invariant($"{e.Epoch},{e.Step},{e.TrainLoss:R},{e.ValidationLoss:R},{e.Seconds:0.###}"));
            }
        });
    }

    /// <summary>Reads the CSV files <see cref="Save"/> wrote.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A line is malformed; the message names the file and line.</exception>
    public static LossHistory Load(string stepFile, string epochFile) => new(
        ReadRows(stepFile, StepHeader, 5, f => new StepLoss(Int(f[0]), Int(f[1]), Number(f[2]), Number(f[3]), long.Parse(f[4], CultureInfo.InvariantCulture))),
        ReadRows(epochFile, EpochHeader, 5, f => new EpochLoss(Int(f[0]), Int(f[1]), Number(f[2]), f[3].Length == 0 ? null : Number(f[3]), Number(f[4]))));

    private static List<T> ReadRows<T>(string path, string header, int fields, Func<string[], T> parse)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such loss file; stage 05 writes it.", path);
        }
        var rows = new List<T>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (line == 1)
            {
                if (text != header)
                {
                    throw new InvalidDataException($"{path}:1: expected the header '{header}'.");
                }
                continue;
            }
            string[] parts = text.Split(',');
            try
            {
                rows.Add(parts.Length == fields ? parse(parts) : throw new FormatException($"{parts.Length} fields, expected {fields}"));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}:{line}: {e.Message}.", e);
            }
        }
        return rows;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
