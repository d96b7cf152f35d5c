using System.Globalization;
using System.Text;
using ToxicComments.Data;
using ToxicComments.Evaluation;

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
            text.Append(Verdict(data, results, testPositives));
        }
        return text.ToString();
    }

    // Whether the fine-tuned model (all rows) is ahead of every baseline on every label with 5 or more test positives,
    // and by more than the test rows can tell or not: DeLong's paired test against each label's best baseline.
    private static string Verdict(BenchData data, IReadOnlyList<MethodResult> results, int[] testPositives)
    {
        MethodResult? tuned = results.FirstOrDefault(r => r.Name.Contains("all rows", StringComparison.Ordinal));
        var baselines = results.Where(r => !r.Name.StartsWith("fine-tuned", StringComparison.Ordinal) && r.Test is not null).ToList();
        if (tuned?.Test is null || baselines.Count == 0)
        {
            return "";
        }
        int[,] labels = data.Test.LabelMatrix();
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"{tuned.Name} against each label's best baseline on the test rows, by DeLong's paired test "
            + "(p, two-sided: how often a difference at least this large would come up if the two ranked equally well):");
        text.AppendLine();
        text.AppendLine("| label | positives | fine-tuned | best baseline | difference | standard error | p |");
        text.AppendLine("|---|---:|---:|---|---:|---:|---:|");
        var behind = new List<string>();
        for (int j = 0; j < LabelNames.Count; j++)
        {
            MethodResult best = baselines.MaxBy(b => b.Test!.PerLabel[j] ?? double.NegativeInfinity)!;
            string test = "";
            if (tuned.Test.Probabilities is double[,] ours && best.Test!.Probabilities is double[,] theirs && testPositives[j] >= 2)
            {
                RocAucDifference d = RocAucComparison.Compare(Column(labels, j), Column(ours, j), Column(theirs, j));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {LabelNames.All[j]} | {testPositives[j]} | {d.First:F4} | {d.Second:F4} ({best.Name}) | {d.Difference:+0.0000;−0.0000} | {d.StandardError:F4} | {P(d.PValue)} |");
                test = $"; difference {d.Difference:+0.0000;−0.0000}, standard error {d.StandardError:F4}, p = {P(d.PValue)}";
            }
            if (testPositives[j] >= 5 && !(tuned.Test.PerLabel[j] > best.Test!.PerLabel[j]))
            {
                behind.Add($"{LabelNames.All[j]} ({Number(tuned.Test.PerLabel[j])} against {Number(best.Test.PerLabel[j])}, {best.Name}{test})");
            }
        }
        text.AppendLine();
        text.AppendLine($"{tuned.Name}: mean {Number(tuned.Test.Mean)} (goal 0.975); "
            + (behind.Count == 0 ? "ahead of every baseline on every label with 5 or more test positives." : $"behind a baseline on: {string.Join("; ", behind)}."));
        return text.ToString();
    }

    private static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("F3", CultureInfo.InvariantCulture);

    private static T[] Column<T>(T[,] matrix, int j) => Enumerable.Range(0, matrix.GetLength(0)).Select(i => matrix[i, j]).ToArray();

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
