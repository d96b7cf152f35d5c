using System.Diagnostics;
using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Hub;
using ToxicComments.Tokenization;
using FastBert = FastBertTokenizer.BertTokenizer;
using HuggingFaceRust = Tokenizers.DotNet.Tokenizer;
using MicrosoftBert = Microsoft.ML.Tokenizers.BertTokenizer;

namespace ToxicComments.Bench;

/// <summary>
/// Stage 04 on Kaggle's number of comments (159,571): this project's tokenizer against Microsoft.ML.Tokenizers'
/// BertTokenizer as is, FastBertTokenizer, and Hugging Face's Rust tokenizer (Tokenizers.DotNet in process; the npm
/// binding's encodeBatch in a child process), same texts, same vocab, max 512 tokens. Per-core speed is one thread;
/// "all cores" is the whole file. Also counts, per peer, the texts whose ids equal Hugging Face's.
/// </summary>
internal static class TokenizerBenchmark
{
    private const int Comments = 159_571;

    public static void Run(string[] args)
    {
        string root = FindRoot();
        string tokenizerJson = Path.Combine(root, "tests", "ToxicComments.Tests", "Fixtures", "tokenizer", "tokenizer.json");
        (string[] texts, string source) = Texts();
        Console.WriteLine($"{texts.Length:N0} comments ({source}), average {texts.Average(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length):F0} words, {Environment.ProcessorCount} cores");

        string vocab = Path.Combine(Path.GetTempPath(), "toxic-bench-vocab.txt");
        using (Stream stream = OfflineModel.OpenVocab())
        using (FileStream file = File.Create(vocab))
        {
            stream.CopyTo(file);
        }
        BertWordPieceTokenizer ours = OfflineModel.Tokenizer();
        MicrosoftBert microsoft = MicrosoftBert.Create(vocab);
        var fast = new FastBert();
        fast.LoadVocabularyAsync(vocab, convertInputToLowercase: true).GetAwaiter().GetResult();
        using var rust = new HuggingFaceRust(vocabPath: tokenizerJson);

        int[][] reference = texts.Select(t => rust.Encode(t).Select(id => (int)id).ToArray()).ToArray();
        var contenders = new List<(string Name, Func<string, int[]> Encode)>
        {
            ("ours, one thread", t => ours.Encode(t, 512)),
            ("FastBertTokenizer, one thread", t => fast.Encode(t, 512).InputIds.ToArray().Select(id => (int)id).ToArray()),
        };
        if (args.Contains("--probe"))
        {
            var noPieces = new BertWordPieceTokenizer(ours.Vocabulary, ours.Options with { MaxInputCharsPerWord = 0 }, "probe");
            contenders.Add(("PROBE ours without WordPiece lookups", t => noPieces.Encode(t, 512)));
        }
        if (!args.Contains("--quick"))
        {
            contenders.Add(("Microsoft.ML.Tokenizers BertTokenizer, one thread", t => microsoft.EncodeToIds(t, 512, out _, out _).ToArray()));
            contenders.Add(("Hugging Face Rust (Tokenizers.DotNet), one thread", t => rust.Encode(t).Select(id => (int)id).ToArray()));
        }
        var rows = MeasureInterleaved(texts, reference, contenders, rounds: args.Contains("--quick") ? 5 : 3);
        double allCores = Best(5, () => EncodedTexts.Encode(ours, texts, 512).Count);
        rows.Add(("ours, all cores (EncodedTexts.Encode)", texts.Length / allCores, rows[0].Exact));
        if (!args.Contains("--quick") && NpmEncodeBatch(root, tokenizerJson, texts) is { } npm)
        {
            rows.Add(("Hugging Face Rust (npm encodeBatch), all cores", texts.Length / npm, texts.Length));
        }

        double oursPerCore = rows[0].TextsPerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"",-52}{"texts/s",12}{"x ours",8}{"HF-exact",10}");
        foreach ((string name, double speed, int exact) in rows)
        {
            Console.WriteLine($"{name,-52}{speed,12:N0}{speed / oursPerCore,8:F2}{(double)exact / texts.Length,10:P1}");
        }
        Console.WriteLine();
        Console.WriteLine($"whole file on all cores: {allCores:F2} s (goal: under 1 s)");
    }

    /// <summary>
    /// Best pass of each contender over all texts, the contenders taking turns round after round, so that the
    /// machine's drifts (this one's speed varies by 1.5x over minutes) fall on all of them alike.
    /// </summary>
    private static List<(string Name, double TextsPerSecond, int Exact)> MeasureInterleaved(
        string[] texts, int[][] reference, List<(string Name, Func<string, int[]> Encode)> contenders, int rounds)
    {
        int[] exact = contenders.Select(c => Enumerable.Range(0, texts.Length).Count(i => c.Encode(texts[i]).AsSpan().SequenceEqual(reference[i]))).ToArray();
        double[] best = contenders.Select(_ => double.MaxValue).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < contenders.Count; c++)
            {
                Func<string, int[]> encode = contenders[c].Encode;
                best[c] = Math.Min(best[c], Best(1, () => texts.Sum(t => (long)encode(t).Length)));
            }
        }
        return contenders.Select((c, i) => (c.Name, texts.Length / best[i], exact[i])).ToList();
    }

    /// <summary>The embedded real sample's comments (data/jigsaw-sample), repeated to Kaggle's count.</summary>
    private static (string[] Texts, string Source) Texts()
    {
        CommentSet sample = JigsawDataset.LoadTrain(null);
        return (Enumerable.Range(0, Comments).Select(i => sample[i % sample.Count].Text).ToArray(),
            $"the {sample.Count:N0} real comments of {sample.Source}, repeated");
    }

    private static double? NpmEncodeBatch(string root, string tokenizerJson, string[] texts)
    {
        string modules = Path.Combine(root, "tools", "tokenizer-fixtures", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "tokenizers")))
        {
            Console.WriteLine($"(npm peer skipped: run `npm ci` in {Path.GetDirectoryName(modules)} first)");
            return null;
        }
        string input = Path.Combine(Path.GetTempPath(), "toxic-bench-texts.json");
        File.WriteAllText(input, JsonSerializer.Serialize(texts));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, Environment = { ["TOKENIZERS_MODULES"] = modules } };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "encode-batch.js"));
        start.ArgumentList.Add(tokenizerJson);
        start.ArgumentList.Add(input);
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            using Process node = Process.Start(start)!;
            string output = node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            best = Math.Min(best, JsonDocument.Parse(output).RootElement.GetProperty("seconds").GetDouble());
        }
        return best;
    }

    private static double Best(int repeat, Func<long> work)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ToxicNotebooks.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
