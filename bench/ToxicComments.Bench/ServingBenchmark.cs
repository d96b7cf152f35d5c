using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxScoring;
using ToxicComments.Data;
using ToxicComments.Inference;
using ToxicComments.Modeling.Folders;
using ToxicComments.Pipeline;
using static TorchSharp.torch;

namespace ToxicComments.Bench;

/// <summary>
/// A fine-tuned model served two ways: <c>toxic predict</c>'s path (TorchSharp, <see cref="CommentScorer"/>) and its
/// ONNX export scored with ONNX Runtime alone (<c>examples/OnnxScoring</c>). Same comments (the embedded sample's
/// scored test rows), same batches (64, sorted by length), same threads, taking turns; comments per second, and how
/// far apart their probabilities are. transformers.js's agreement too, when it is installed for the tests.
/// </summary>
internal static class ServingBenchmark
{
    private const int BatchSize = 64;

    public static void Run(string[] args)
    {
        string model = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault() ?? StageFolders.DefaultFolder;
        if (!File.Exists(Path.Combine(model, "config.json")))
        {
            model = new StageFolders(model).Model;
        }
        int rounds = 3;
        int threads = Environment.ProcessorCount;
        set_num_threads(threads);
        string exported = Path.Combine(Path.GetTempPath(), $"toxic-serve-bench-{Environment.ProcessId}");
        var watch = Stopwatch.StartNew();
        OnnxFolder.Export(model, exported);
        double exportSeconds = watch.Elapsed.TotalSeconds;
        try
        {
            using CommentScorer torch = CommentScorer.Load(model, CPU);
            torch.BatchSize = BatchSize;
            using var onnx = new ToxicityModel(exported, threads);
            // Sorted by length and cut into the scorer's batches, so that both pad the same batches.
            string[] comments = EmbeddedDataset.JigsawSample.Test().Where(c => c.IsScored).Select(c => c.Text)
                .OrderBy(t => torch.Tokenizer.Encode(t, torch.MaxLength).Length).ToArray();
            string[][] batches = comments.Chunk(BatchSize).ToArray();

            double[,] expected = torch.Score(comments);
            float[][] actual = batches.SelectMany(onnx.Score).ToArray();
            double torchBest = double.MaxValue, onnxBest = double.MaxValue;
            for (int round = 0; round < rounds; round++)
            {
                torchBest = Math.Min(torchBest, Time(() => torch.Score(comments)));
                onnxBest = Math.Min(onnxBest, Time(() => { foreach (string[] batch in batches) { onnx.Score(batch); } }));
            }

            Console.WriteLine($"{model}: {comments.Length:N0} real comments (embedded sample, scored test rows), batches of {BatchSize} by length, up to {torch.MaxLength} tokens, {threads} threads, best of {rounds}");
            Console.WriteLine($"export: {exportSeconds:F1} s, onnx/model.onnx {new FileInfo(Path.Combine(exported, OnnxFolder.GraphPath)).Length / 1e6:F1} MB");
            Console.WriteLine($"{"toxic predict (TorchSharp)",-34}{comments.Length / torchBest,10:N0} comments/s");
            Console.WriteLine($"{"ONNX Runtime alone (OnnxScoring)",-34}{comments.Length / onnxBest,10:N0} comments/s");
            Console.WriteLine($"ONNX Runtime vs toxic predict: {torchBest / onnxBest:F2}x the comments per second");
            Console.WriteLine($"max |probability difference|, ONNX Runtime vs toxic predict: {MaxDifference(expected, actual):E2}");
            TransformersJs(exported, comments, expected, torch);
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
    }

    /// <summary>transformers.js on the same comments, through the tests' harness, when its packages are installed.</summary>
    private static void TransformersJs(string exported, string[] comments, double[,] expected, CommentScorer torch)
    {
        string harness = Path.GetFullPath(Path.Combine("tests", "reference", "transformersjs"));
        if (!Directory.Exists(Path.Combine(harness, "node_modules")))
        {
            Console.WriteLine($"transformers.js: not installed (ONNXRUNTIME_NODE_INSTALL=skip npm ci in {harness}, from the repository root)");
            return;
        }
        string texts = Path.Combine(exported, "texts.json");
        File.WriteAllText(texts, JsonSerializer.Serialize(comments));
        var start = new ProcessStartInfo("node", [Path.Combine(harness, "score.mjs"), exported, texts]) { RedirectStandardOutput = true };
        using Process node = Process.Start(start)!;
        string output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        JsonObject result = JsonNode.Parse(output)!.AsObject();
        float[][] probabilities = result["probabilities"]!.AsArray().Select(r => r!.AsArray().Select(p => (float)p!).ToArray()).ToArray();
        // transformers.js truncates after adding [SEP]: comments over the limit end differently there.
        int[] whole = Enumerable.Range(0, comments.Length).Where(i => { torch.Tokenizer.Encode(comments[i], torch.MaxLength, out bool cut); return !cut; }).ToArray();
        Console.WriteLine($"max |probability difference|, transformers.js vs toxic predict: {MaxDifference(expected, probabilities, whole):E2} on the {whole.Length:N0} comments of at most {torch.MaxLength} tokens; "
            + $"{MaxDifference(expected, probabilities, Enumerable.Range(0, comments.Length).Except(whole)):E2} on the {comments.Length - whole.Length} longer ones");
    }

    private static double MaxDifference(double[,] expected, float[][] actual, IEnumerable<int>? rows = null) =>
        (rows ?? Enumerable.Range(0, actual.Length)).DefaultIfEmpty().Max(row =>
            Enumerable.Range(0, expected.GetLength(1)).Max(label => Math.Abs(expected[row, label] - actual[row][label])));

    private static double Time(Action pass)
    {
        var watch = Stopwatch.StartNew();
        pass();
        return watch.Elapsed.TotalSeconds;
    }
}
