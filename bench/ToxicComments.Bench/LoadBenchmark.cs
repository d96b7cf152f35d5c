using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Analysis;
using nietras.SeparatedValues;
using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Bench;

/// <summary>
/// Stages 01-03 on a Kaggle-sized file: this project's load + validate + filter + split, ending in the user's
/// DataFrames, against reading the bytes, Sep (the fastest .NET CSV parser) finding the fields without making
/// strings and making the id and text strings, and Microsoft.Data.Analysis's own <c>DataFrame.LoadCsv</c>.
/// Best of N runs each. With the tutorial's filter only the kept rows' text is decoded (every row is checked).
/// </summary>
internal static class LoadBenchmark
{
    public static void Run(string[] args)
    {
        int rows = Option(args, "--rows", 159_571);
        int repeat = Option(args, "--repeat", 5);
        string path = OptionText(args, "--file") ?? JigsawSizedFile.Create(Path.Combine(Path.GetTempPath(), $"toxic-bench-train-{rows}.csv"), rows, 2011);
        Console.WriteLine($"file: {path} ({new FileInfo(path).Length / 1e6:F1} MB), best of {repeat} runs, {Environment.ProcessorCount} cores");

        double bytes = Best(repeat, () => File.ReadAllBytes(path).Length);
        double sep = Best(repeat, () => SepBareParse(path));
        double sepStrings = Best(repeat, () => SepParseToStrings(path));
        double ours = Best(repeat, () => Ours(path, CommentFilterMode.LabelledOnly));
        double oursAll = Best(repeat, () => Ours(path, CommentFilterMode.All));
        double loadCsv = Best(Math.Min(repeat, 3), () => DataFrame.LoadCsv(path).Rows.Count);

        Console.WriteLine();
        Console.WriteLine($"{"",-58}{"seconds",10}{"x Sep",8}");
        Row("read the bytes", bytes, sep);
        Row("Sep, bare parse (fields found, no strings)", sep, sep);
        Row("Sep, parse + id and text strings (unescaped)", sepStrings, sep);
        Row("ours: load+validate+filter(labelled)+split -> DataFrames", ours, sep);
        Row("ours: load+validate+filter(all)+split -> DataFrames", oursAll, sep);
        Row("DataFrame.LoadCsv (load only)", loadCsv, sep);
        Console.WriteLine();
        Console.WriteLine($"ours (tutorial filter) vs Sep's bare parse: {ours / sep:F2}x (goal: at most 1.5x)");
        Console.WriteLine($"ours (all rows kept) vs Sep's parse to strings: {oursAll / sepStrings:F2}x");
        Console.WriteLine($"DataFrame.LoadCsv vs ours (tutorial filter): {loadCsv / ours:F1}x slower");
    }

    private static int Ours(string path, CommentFilterMode mode)
    {
        CommentSet kept = JigsawDataset.LoadTrain(path, mode);
        DatasetSplit split = DatasetSplitter.Split(kept, new SplitOptions { ValidationFraction = 0.1 });
        DataFrame train = split.Train.ToDataFrame();
        DataFrame validation = split.Validation!.ToDataFrame();
        DataFrame test = split.Test.ToDataFrame();
        return (int)(train.Rows.Count + validation.Rows.Count + test.Rows.Count);
    }

    private static long SepBareParse(string path)
    {
        using SepReader reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(path);
        long total = 0;
        foreach (SepReader.Row row in reader)
        {
            for (int column = 0; column < row.ColCount; column++)
            {
                total += row[column].Span.Length;
            }
        }
        return total;
    }

    /// <summary>What any loader that keeps every comment must at least do: make the id and text strings.</summary>
    private static long SepParseToStrings(string path)
    {
        using SepReader reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true }).FromFile(path);
        long total = 0;
        foreach (SepReader.Row row in reader)
        {
            total += row[0].ToString().Length + row[1].ToString().Length;
        }
        return total;
    }

    private static double Best(int repeat, Func<long> work)
    {
        double best = double.MaxValue;
        long check = -1;
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            long result = work();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            if (check >= 0 && result != check)
            {
                throw new InvalidOperationException("a benchmark gave different results on different runs");
            }
            check = result;
        }
        return best;
    }

    private static void Row(string name, double seconds, double sep) =>
        Console.WriteLine($"{name,-58}{seconds.ToString("F3", CultureInfo.InvariantCulture),10}{(seconds / sep).ToString("F2", CultureInfo.InvariantCulture),8}");

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
