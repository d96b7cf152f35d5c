using System.Globalization;
using System.Text;
using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Quality;

/// <summary>
/// <c>--folds K</c>: the fine-tuning options, and the baselines, scored by K-fold cross-validation on train.csv
/// instead of one validation split. Each fold (iterative stratification, so each holds its share of the rare labels)
/// is scored once by a model trained on the other K − 1; the test rows are never looked at. One 433-row split has 2
/// to 5 positives of the rare labels; K folds together have every positive of train.csv, which is what telling
/// options apart on identity_hate or threat needs. The baselines choose their L2 strength on the fold they are
/// scored on, an advantage the fine-tuned model does not get.
/// </summary>
internal static class CrossValidation
{
    public static string Run(BenchData data, int folds, uint seed, ToxicCommand toxic, string dataFolder, string root,
                             IReadOnlyList<string> overrides, int threads, bool baselines, bool fineTune, Action<string> log)
    {
        CommentSet train = data.AllTrain;
        int[] foldOf = IterativeStratifier.Assign(train, Enumerable.Repeat(1.0 / folds, folds).ToArray(), seed);
        IReadOnlyDictionary<string, float[]>? embeddings = null;
        if (baselines)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            embeddings = EmbeddingBaseline.Embed([train], threads);
            log($"MiniLM embeddings of train.csv: {embeddings.Count:N0} distinct comments in {clock.Elapsed.TotalSeconds:F0} s, once for every fold");
        }
        var tuned = new List<MethodResult>();
        var baselineFolds = new List<MethodResult>();
        for (int fold = 0; fold < folds; fold++)
        {
            int held = fold;
            BenchData split = data with
            {
                Fit = train.Select(Enumerable.Range(0, train.Count).Where(i => foldOf[i] != held), $"{train.Source} [folds except {held + 1}]"),
                Validation = train.Select(Enumerable.Range(0, train.Count).Where(i => foldOf[i] == held), $"{train.Source} [fold {held + 1}]"),
            };
            log($"fold {fold + 1} of {folds}: {split.Fit.Count:N0} rows to fit, {split.Validation.Count:N0} to score (positives: {ResultTable.Counts(split.Validation.LabelCounts())})");
            if (embeddings is not null)
            {
                baselineFolds.Add(TfidfBaseline.Run(split, scoreTest: false, log));
                baselineFolds.AddRange(EmbeddingBaseline.Run(split, embeddings, embedSeconds: 0, scoreTest: false, log));
            }
            if (!fineTune)
            {
                continue;
            }
            string folder = Path.Combine(root, $"fold-{fold + 1}");
            MethodResult result = FineTunedModel.Run(toxic, split, dataFolder, folder, CommentFilterMode.All, overrides, threads, scoreTest: false, log);
            tuned.Add(result with { Name = $"fold {fold + 1}" });
            log($"fold {fold + 1}: mean ROC AUC {result.Validation?.Mean:F4} ({result.Seconds:F0} s)");
        }
        return Format(train, folds, tuned, baselineFolds, string.Join(' ', FineTunedModel.Merge(FineTunedModel.Defaults, overrides)));
    }

    private static string Format(CommentSet train, int folds, List<MethodResult> tuned, List<MethodResult> baselineFolds, string options)
    {
        var text = new StringBuilder();
        string header = ResultTable.Header;
        string rule = ResultTable.Rule(LabelNames.Count + 1);
        Scores? tunedMean = tuned.Count > 0 ? Average(tuned.Select(r => r.Validation!).ToList()) : null;
        text.AppendLine(CultureInfo.InvariantCulture, $"ROC AUC by {folds}-fold cross-validation on train.csv, {train.Count:N0} rows (positives: {ResultTable.Counts(train.LabelCounts())}); each fold scored by a model trained on the others");
        if (tuned.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| fold " + header);
            text.AppendLine(rule);
            foreach (MethodResult result in tuned)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Name} {ResultTable.Cells(result.Validation)} |");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"| **mean of the folds** {ResultTable.Cells(tunedMean)} |");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"- options: {options}");
        }
        if (baselineFolds.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Mean of the folds, method by method (each baseline's L2 chosen on the fold it is scored on, which favours the baselines)");
            text.AppendLine();
            text.AppendLine("| method " + header);
            text.AppendLine(rule);
            foreach (IGrouping<string, MethodResult> method in baselineFolds.GroupBy(r => r.Name))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {method.Key} {ResultTable.Cells(Average(method.Select(r => r.Validation!).ToList()))} |");
            }
            if (tunedMean is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| fine-tuned MiniLM {ResultTable.Cells(tunedMean)} |");
            }
        }
        return text.ToString();
    }

    // The mean of each column over the folds where it is defined; the mean column is the mean of the folds' means.
    private static Scores Average(IReadOnlyList<Scores> scores) => new(
        Enumerable.Range(0, LabelNames.Count).Select(j => scores.Select(s => s.PerLabel[j]).OfType<double>().DefaultIfEmpty(double.NaN).Average())
            .Select(v => double.IsNaN(v) ? (double?)null : v).ToList(),
        scores.Select(s => s.Mean).OfType<double>().Average());
}
