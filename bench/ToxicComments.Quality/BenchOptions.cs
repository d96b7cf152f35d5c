using System.Globalization;
using ToxicComments.Data.Filtering;

namespace ToxicComments.Quality;

/// <summary>The bench's command line.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: bench/quality [options] [-- toxic train options]
          --data FOLDER               Kaggle's train.csv, test.csv, test_labels.csv (default: data/jigsaw-sample, the embedded real sample)
          --out FOLDER                run folders and table.md (default: artifacts/quality)
          --toxic FILE                the built toxic.dll (default: lib/ToxicComments.Cli/bin/Release/net10.0/toxic.dll)
          --threads N                 CPU threads for the models (default: every core)
          --validation-fraction F     share of train.csv held out to choose on (default: 0.15)
          --seed N                    seed of that split (default: 42)
          --only all|labelled|baselines   one part only
          --tune                      score the validation split only, never the test rows (for choosing options)
          --folds K                   like --tune, but score the fine-tuning options and the baselines by K-fold cross-validation on train.csv
          -- ...                      toxic train options that replace the bench's defaults, e.g. -- --epochs 3
        """;

    public string Data { get; init; } = "";
    public string Out { get; init; } = "artifacts/quality";
    public string Toxic { get; init; } = "";
    public int Threads { get; init; } = Environment.ProcessorCount;
    public double ValidationFraction { get; init; } = 0.15;
    public uint Seed { get; init; } = 42;
    public bool Baselines { get; init; } = true;
    public IReadOnlyList<CommentFilterMode> Filters { get; init; } = [CommentFilterMode.All, CommentFilterMode.LabelledOnly];
    public bool Tune { get; init; }
    public int Folds { get; init; }
    public bool Help { get; init; }
    public IReadOnlyList<string> TrainOverrides { get; init; } = [];

    /// <exception cref="ArgumentException">An option is unknown or its value is bad.</exception>
    public static BenchOptions Parse(string[] args)
    {
        string root = RepositoryRoot();
        var options = new BenchOptions
        {
            Data = Path.Combine(root, "data", "jigsaw-sample"),
            Out = Path.Combine(root, "artifacts", "quality"),
            Toxic = Path.Combine(root, "lib", "ToxicComments.Cli", "bin", "Release", "net10.0", "toxic.dll"),
        };
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--data" => options with { Data = Path.GetFullPath(Value()) },
                "--out" => options with { Out = Path.GetFullPath(Value()) },
                "--toxic" => options with { Toxic = Path.GetFullPath(Value()) },
                "--threads" => options with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--validation-fraction" => options with { ValidationFraction = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = uint.Parse(Value(), CultureInfo.InvariantCulture) },
                "--only" => Value() switch
                {
                    "all" => options with { Baselines = false, Filters = [CommentFilterMode.All] },
                    "labelled" => options with { Baselines = false, Filters = [CommentFilterMode.LabelledOnly] },
                    "baselines" => options with { Filters = [] },
                    string other => throw new ArgumentException($"--only takes all, labelled or baselines, not {other}."),
                },
                "--tune" => options with { Tune = true },
                "--folds" => int.Parse(Value(), CultureInfo.InvariantCulture) is >= 2 and var folds
                    ? options with { Folds = folds, Tune = true, Filters = [.. options.Filters.Where(f => f == CommentFilterMode.All)] }
                    : throw new ArgumentException("--folds needs 2 or more."),
                "--help" or "-h" => options with { Help = true },
                "--" => options with { TrainOverrides = args[(i + 1)..] },
                string other => throw new ArgumentException($"unknown option {other}."),
            };
            if (args[i] == "--")
            {
                break;
            }
        }
        if (!File.Exists(Path.Combine(options.Data, "train.csv")))
        {
            throw new ArgumentException($"{options.Data} has no train.csv: pass --data with Kaggle's files.");
        }
        if (!File.Exists(options.Toxic))
        {
            throw new ArgumentException($"{options.Toxic} is missing: dotnet build -c Release lib/ToxicComments.Cli (bench/quality does).");
        }
        return options;
    }

    // The folder holding ToxicNotebooks.sln, above the app's own folder.
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ToxicNotebooks.sln")))
            {
                return folder.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
