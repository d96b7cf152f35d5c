using System.Diagnostics;
using System.Text.Json.Nodes;
using ToxicComments.Data;
using ToxicComments.Data.Filtering;

namespace ToxicComments.Quality;

/// <summary>
/// The project's own pipeline, through its command: <c>toxic train</c> on a run folder laid out as stage 03 leaves
/// it, then <c>toxic evaluate</c> on the validation split and on Kaggle's scored test rows, read back from the
/// <c>metrics.json</c> each writes.
/// </summary>
internal static class FineTunedModel
{
    /// <summary>
    /// The training options this bench uses: the library's recommended recipe (<c>Recipe.Recommended</c>, whose
    /// choices bench/README.md traces to the runs that made them), as <c>toxic run</c> uses it by default. Options
    /// given on the bench's command line after <c>--</c> replace these one by one.
    /// </summary>
    public static readonly IReadOnlyList<string> Defaults = ["--recipe", "recommended", "--model", "minilm"];

    /// <summary>
    /// A tuning run (<paramref name="scoreTest"/> false) trains on the fit part and scores the validation split; the
    /// bench's run trains once more, on all of train.csv with the same options, and scores the test rows only. That is
    /// how the baselines are refitted too, and what a Kaggle entry would do: the options (epochs among them) were
    /// chosen on the validation split, which is then worth more as training data than as a second look.
    /// </summary>
    public static MethodResult Run(ToxicCommand toxic, BenchData data, string dataFolder, string root, CommentFilterMode filter,
                                   IReadOnlyList<string> overrides, int threads, bool scoreTest, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        RunFolder folder = data.WriteRunFolder(root, filter, refit: scoreTest);
        List<string> options = Merge(Defaults, overrides);
        log($"fine-tuning ({filter}{(scoreTest ? ", all of train.csv" : "")}): toxic train {string.Join(' ', options)}");
        double trainSeconds = toxic.Run(["train", "--out", root, "--restart", "--threads", $"{threads}", "--checkpoint-every", "100000", .. options], folder.TrainLog);
        log($"  trained in {trainSeconds:F0} s; {EpochLine(root)}");

        Scores? validation = null, test = null;
        if (scoreTest)
        {
            toxic.Run(["evaluate", "--model", root, "--data", Path.Combine(dataFolder, "test.csv"), "--labels", Path.Combine(dataFolder, "test_labels.csv"),
                "--out", folder.TestEvaluation, "--device", "cpu", "--threads", $"{threads}"], folder.TrainLog);
            test = ReadScores(Path.Combine(folder.TestEvaluation, "metrics.json")) with
            {
                Probabilities = ReadPredictions(Path.Combine(folder.TestEvaluation, "predictions.csv"), data.Test),
            };
        }
        else
        {
            toxic.Run(["evaluate", "--model", root, "--data", folder.ValidationComments, "--labels", folder.ValidationLabels,
                "--out", folder.ValidationEvaluation, "--device", "cpu", "--threads", $"{threads}"], folder.TrainLog);
            validation = ReadScores(Path.Combine(folder.ValidationEvaluation, "metrics.json"));
        }
        string rows = filter == CommentFilterMode.All ? "all rows" : "labelled rows only, the tutorial's filter";
        string choice = string.Join(' ', options) + (scoreTest ? " (refitted on all of train.csv; bench/quality --tune scores these options on the validation split)" : "");
        return new MethodResult($"fine-tuned MiniLM ({rows})", validation, test, choice, clock.Elapsed.TotalSeconds);
    }

    // Options are "--name value" pairs (or a lone "--flag"); a later one of the same name replaces the earlier.
    public static List<string> Merge(IReadOnlyList<string> defaults, IReadOnlyList<string> overrides)
    {
        var merged = new List<(string Name, string? Value)>();
        foreach (IReadOnlyList<string> list in new[] { defaults, overrides })
        {
            for (int i = 0; i < list.Count; i++)
            {
                string name = list[i];
                string? value = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) ? list[++i] : null;
                merged.RemoveAll(o => o.Name == name);
                merged.Add((name, value));
            }
        }
        return merged.SelectMany(o => o.Value is null ? new[] { o.Name } : [o.Name, o.Value]).ToList();
    }

    private static Scores ReadScores(string metricsFile)
    {
        JsonNode auc = JsonNode.Parse(File.ReadAllText(metricsFile))!["roc_auc"]!;
        JsonObject perLabel = auc["per_label"]!.AsObject();
        return new Scores(
            LabelNames.All.Select(l => perLabel[l] is JsonValue v && v.TryGetValue(out double d) ? d : (double?)null).ToList(),
            auc["macro"] is JsonValue m && m.TryGetValue(out double macro) ? macro : null);
    }

    // The probabilities toxic evaluate wrote (id, then one column per label), in the order of `comments`.
    private static double[,] ReadPredictions(string file, CommentSet comments)
    {
        string[] lines = File.ReadAllLines(file);
        string expected = "id," + string.Join(',', LabelNames.All);
        if (lines.Length == 0 || !lines[0].StartsWith(expected + ",", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file}: line 1 is not '{expected},...'.");
        }
        var byId = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int line = 1; line < lines.Length; line++)
        {
            string[] cells = lines[line].Split(',');
            byId[cells[0]] = cells[1..(1 + LabelNames.Count)].Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        var probabilities = new double[comments.Count, LabelNames.Count];
        for (int row = 0; row < comments.Count; row++)
        {
            double[] scores = byId.TryGetValue(comments[row].Id, out double[]? found) ? found
                : throw new InvalidDataException($"{file} has no row for comment {comments[row].Id}.");
            for (int label = 0; label < LabelNames.Count; label++)
            {
                probabilities[row, label] = scores[label];
            }
        }
        return probabilities;
    }

    // The loss of each epoch, from the run's epochs.csv: where over-fitting starts shows here.
    private static string EpochLine(string root)
    {
        string file = Path.Combine(root, "05-train", "epochs.csv");
        return File.Exists(file) ? "epochs.csv: " + string.Join(" | ", File.ReadLines(file).Skip(1)) : "";
    }
}
