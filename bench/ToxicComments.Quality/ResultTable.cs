using System.Globalization;
using System.Text;
using ToxicComments.Data;

namespace ToxicComments.Quality;

/// <summary>The table the bench prints: ROC AUC per label and their mean, one row per method, as Markdown.</summary>
internal static class ResultTable
{
    public static string Format(BenchData data, IReadOnlyList<MethodResult> results, bool tune)
    {
        var text = new StringBuilder();
        int[] testPositives = data.Test.LabelCounts();
        int[] validationPositives = data.Validation.LabelCounts();
        string header = Header;
        if (!tune)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"ROC AUC on Kaggle's {data.Test.Count:N0} scored test rows (positives: {Counts(testPositives)})");
            text.AppendLine();
            text.AppendLine("| method " + header + " validation mean | seconds |");
            text.AppendLine(Rule(LabelNames.Count + 3));
            foreach (MethodResult result in results)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Name} {Cells(result.Test)} | {Number(result.Validation?.Mean)} | {result.Seconds:F0} |");
            }
            text.AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"ROC AUC on the validation split of train.csv, {data.Validation.Count:N0} rows (positives: {Counts(validationPositives)})");
        text.AppendLine();
        text.AppendLine("| method " + header);
        text.AppendLine(Rule(LabelNames.Count + 1));
        foreach (MethodResult result in results.Where(r => r.Validation is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Name} {Cells(result.Validation)} |");
        }
        text.AppendLine();
        foreach (MethodResult result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {result.Name}: {result.Choice}");
            if (result.ConstantLabels.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - CONSTANT SCORE (ranks nothing, ROC AUC 0.5) for: {string.Join(", ", result.ConstantLabels)}");
            }
        }
        if (!tune)
        {
            text.Append(Verdict(results, testPositives));
        }
        return text.ToString();
    }

    // Whether the fine-tuned model (all rows) is ahead of every baseline on every label with 5 or more test positives.
    private static string Verdict(IReadOnlyList<MethodResult> results, int[] testPositives)
    {
        MethodResult? tuned = results.FirstOrDefault(r => r.Name.Contains("all rows", StringComparison.Ordinal));
        var baselines = results.Where(r => !r.Name.StartsWith("fine-tuned", StringComparison.Ordinal) && r.Test is not null).ToList();
        if (tuned?.Test is null || baselines.Count == 0)
        {
            return "";
        }
        var behind = new List<string>();
        for (int j = 0; j < LabelNames.Count; j++)
        {
            MethodResult best = baselines.MaxBy(b => b.Test!.PerLabel[j] ?? double.NegativeInfinity)!;
            if (testPositives[j] >= 5 && !(tuned.Test.PerLabel[j] > best.Test!.PerLabel[j]))
            {
                behind.Add($"{LabelNames.All[j]} ({Number(tuned.Test.PerLabel[j])} against {Number(best.Test.PerLabel[j])}, {best.Name})");
            }
        }
        return $"\nfine-tuned MiniLM (all rows): mean {Number(tuned.Test.Mean)} (goal 0.975); "
            + (behind.Count == 0 ? "ahead of every baseline on every label with 5 or more test positives.\n" : $"behind a baseline on: {string.Join("; ", behind)}.\n");
    }

    /// <summary>The label and mean columns' headings, after a table's first column.</summary>
    public static string Header => "| " + string.Join(" | ", LabelNames.All) + " | mean |";

    /// <summary>The rule under the headings: the first column, then <paramref name="numbers"/> right-aligned ones.</summary>
    public static string Rule(int numbers) => "|---" + string.Concat(Enumerable.Repeat("|---:", numbers)) + "|";

    /// <summary>A row's cells: each label's ROC AUC, then the mean in bold; empty cells for no scores.</summary>
    public static string Cells(Scores? scores) =>
        scores is null
            ? string.Concat(Enumerable.Repeat("| ", LabelNames.Count + 1))
            : string.Concat(scores.PerLabel.Select(v => $"| {Number(v)} ")) + $"| **{Number(scores.Mean)}**";

    private static string Number(double? value) => value is double v ? v.ToString("F4", CultureInfo.InvariantCulture) : "–";

    /// <summary>"toxic 92, severe_toxic 6, ...".</summary>
    public static string Counts(int[] positives) =>
        string.Join(", ", LabelNames.All.Select((l, j) => $"{l} {positives[j]}"));
}
