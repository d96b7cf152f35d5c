using ToxicComments.Bench;

// Benchmarks run on demand, never in CI: absolute times depend on the machine, so each prints ratios against
// peers measured in the same run.
ToxicComments.Hosting.PlatformFixes.Apply();
string command = args.FirstOrDefault() ?? "help";
switch (command)
{
    case "train":
        TrainingBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "infer":
        InferenceBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "tokenize":
        TokenizerBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "serve":
        ServingBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "load":
        LoadBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/ToxicComments.Bench -- load [--rows N] [--repeat N] [--file PATH] | tokenize [--quick] | infer | serve [--model FOLDER] | train [--data FOLDER] [--comments N] [--mfu-only] [--threads N]");
        return command == "help" ? 0 : 2;
}
