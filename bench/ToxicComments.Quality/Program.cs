using System.Diagnostics;
using System.Globalization;
using ToxicComments.Data.Filtering;
using ToxicComments.Quality;

// The quality bench: Kaggle's mean column-wise ROC AUC on the real sample, the fine-tuned MiniLM next to baselines
// measured in the same run. Run on demand (bench/quality), never in CI.
ToxicComments.Hosting.PlatformFixes.Apply();
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"quality: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

void Log(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

try
{
    return Run();
}
catch (ToxicCommandException e)
{
    // One message that names the failed command's log, not a stack trace.
    Console.Error.WriteLine($"quality: {e.Message}");
    return 1;
}

int Run()
{

    BenchData data = BenchData.Load(options.Data, options.ValidationFraction, options.Seed);
    var toxic = new ToxicCommand(options.Toxic, options.Threads);
    if (options.Folds > 0)
    {
        Log($"train.csv: {data.AllTrain.Count:N0} rows in {options.Folds} folds (iterative stratification, seed {options.Seed}); the test rows are not scored");
        string crossValidated = CrossValidation.Run(data, options.Folds, options.Seed, toxic, options.Data, Path.Combine(options.Out, "cross-validation"),
                                                    options.TrainOverrides, options.Threads, options.Baselines, options.Filters.Contains(CommentFilterMode.All), Log);
        Console.WriteLine();
        Console.WriteLine(crossValidated);
        Console.WriteLine($"whole bench: {clock.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores ({options.Threads} threads for the models)");
        Directory.CreateDirectory(options.Out);
        File.WriteAllText(Path.Combine(options.Out, "cross-validation.md"), crossValidated);
        return 0;
    }

    Log($"train.csv: {data.Fit.Count:N0} rows to fit, {data.Validation.Count:N0} for validation (iterative stratification, seed {options.Seed}); "
        + (options.Tune ? "tuning run: the test rows are not scored" : $"test: {data.Test.Count:N0} scored rows"));
    var results = new List<MethodResult>();
    if (options.Baselines)
    {
        results.Add(TfidfBaseline.Run(data, !options.Tune, Log));
        Log($"TF-IDF + LR done ({results[^1].Seconds:F0} s)");
        results.AddRange(EmbeddingBaseline.Run(data, options.Threads, !options.Tune, Log));
        Log($"MiniLM + LR done ({results[^1].Seconds:F0} s)");
    }
    foreach (CommentFilterMode filter in options.Filters)
    {
        string root = Path.Combine(options.Out, filter == CommentFilterMode.All ? "finetune-all" : "finetune-labelled");
        results.Add(FineTunedModel.Run(toxic, data, options.Data, root, filter, options.TrainOverrides, options.Threads, !options.Tune, Log));
        Log($"fine-tuned ({filter}) done ({results[^1].Seconds:F0} s)");
    }

    string table = ResultTable.Format(data, results, options.Tune);
    Console.WriteLine();
    Console.WriteLine(table);
    Console.WriteLine($"whole bench: {clock.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores ({options.Threads} threads for the models)");
    Directory.CreateDirectory(options.Out);
    File.WriteAllText(Path.Combine(options.Out, options.Tune ? "validation.md" : "table.md"), table);
    return 0;
}
