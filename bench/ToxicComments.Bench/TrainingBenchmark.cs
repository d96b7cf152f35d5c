using System.Diagnostics;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using ToxicComments.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Bench;

/// <summary>
/// Training throughput of the MiniLM default with the tutorial's head, batch 16, through the project's own
/// <see cref="Trainer"/>, on the same comments, in one run:
/// <list type="bullet">
/// <item>per epoch, dynamic padding with length-grouped batches against the tutorial's fixed 512 padding;</item>
/// <item>forward + backward + Adam at 16 x 128 tokens as model FLOP utilisation: its FLOP rate against the best large
/// fp32 matmul rate measured in the same run, and against TorchSharp's own <c>TransformerEncoderLayer</c> x 6 at
/// MiniLM's size on the same batches.</item>
/// </list>
/// Comments: the embedded real Jigsaw sample, or the data <c>--data</c> names (a folder, or <c>synthetic</c>).
/// </summary>
internal static class TrainingBenchmark
{
    private const int BatchSize = 16;

    // The first steps of a run pay for one-off work: glibc's heap grows to the run's peak over roughly the first ten
    // steps (page faults, not arithmetic), so the utilisation figures are medians of the steps after these.
    private const int WarmUpSteps = 10;
    private const int TimedSteps = 10;

    public static void Run(string[] args)
    {
        string? data = Option(args, "--data");
        int comments = int.Parse(Option(args, "--comments") ?? "480", System.Globalization.CultureInfo.InvariantCulture);
        int threads = int.Parse(Option(args, "--threads") ?? Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        set_num_threads(threads);
        CommentSet pool = Comments(data, comments);
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();
        TokenizedComments tokenized = TokenizedComments.Encode(tokenizer, pool, 512);
        Console.WriteLine($"{pool.Count:N0} comments from {pool.Source}: {tokenized.TokenCount / (double)pool.Count:F0} tokens on average, "
            + $"{tokenized.Texts.TruncatedCount} cut at 512; batch {BatchSize}, {threads} threads");

        Console.WriteLine($"MKL: {Hosting.MklCpuDispatch.Apply().Message}");
        double matmul = MatmulRate();
        Console.WriteLine($"{"fp32 matmul 2048^3, best of 10",-44}{matmul / 1e9,10:F1} GFLOP/s");
        if (!args.Contains("--mfu-only"))
        {
            EpochTimes(pool, tokenized, tokenizer);
            matmul = MatmulRate(matmul);
        }
        Utilisation(pool, tokenizer, matmul);
    }

    // The best fp32 rate of a large matrix product, measured again after each part of the run: on a shared machine the
    // rate drifts, and a rate measured in a slow moment would flatter the utilisation.
    private static double MatmulRate(double bestSoFar)
    {
        double now = MatmulRate();
        if (now > bestSoFar)
        {
            Console.WriteLine($"{"fp32 matmul 2048^3, best of 10, again",-44}{now / 1e9,10:F1} GFLOP/s: the rate for the utilisation below");
        }
        return Math.Max(now, bestSoFar);
    }

    private static void EpochTimes(CommentSet pool, TokenizedComments tokenized, BertWordPieceTokenizer tokenizer)
    {

        // Per epoch: dynamic padding over every comment; fixed 512 costs the same every batch, so a few batches tell.
        // Each is timed twice, a fresh model each time. The first run in a process pays one-off costs (glibc's heap
        // growing to its peak, fresh pages faulted in) that a training run pays once, not every epoch: the second
        // run is the per-epoch cost, and the first is printed beside it.
        (double firstDynamic, double dynamicEpoch) = Twice(() =>
            TrainSeconds(tokenized, new TrainingOptions { BatchSize = BatchSize, Threads = get_num_threads() }, out _));
        int fixedSample = BatchSize * 4;
        TokenizedComments fixedComments = TokenizedComments.Encode(tokenizer, Take(pool, fixedSample), 512);
        (double firstFixed, double fixedEpoch) = Twice(() =>
            TrainSeconds(fixedComments, new TrainingOptions { BatchSize = BatchSize, Padding = Padding.Fixed, GroupByLength = false, Threads = get_num_threads() }, out _)
            * pool.Count / fixedSample);
        Console.WriteLine($"{"epoch, dynamic padding, grouped by length",-44}{dynamicEpoch,10:F1} s   {tokenized.TokenCount / dynamicEpoch,8:N0} real tokens/s   (first in the process: {firstDynamic:F1} s)");
        Console.WriteLine($"{"epoch, fixed 512 (the tutorial)",-44}{fixedEpoch,10:F1} s   {tokenized.TokenCount / fixedEpoch,8:N0} real tokens/s   (first in the process: {firstFixed:F1} s)");
        Console.WriteLine($"dynamic vs fixed per epoch: {fixedEpoch / dynamicEpoch:F1}x faster (goal: at least 4x); first runs: {firstFixed / firstDynamic:F1}x");
    }

    private static (double First, double Second) Twice(Func<double> measure)
    {
        double first = measure();
        return (first, measure());
    }

    private static void Utilisation(CommentSet pool, BertWordPieceTokenizer tokenizer, double matmul)
    {

        // 16 x 128: every comment cut or padded to 128 tokens, so the arithmetic is known exactly.
        int batches = WarmUpSteps + TimedSteps;
        TokenizedComments at128 = TokenizedComments.Encode(tokenizer, Take(pool, BatchSize * batches), 128);
        TrainSeconds(at128, new TrainingOptions { BatchSize = BatchSize, MaxLength = 128, Padding = Padding.Fixed, GroupByLength = false, Threads = get_num_threads() }, out double ours);
        double flopsPerToken = TrainingFlopsPerToken(OfflineModel.Config, 128);
        double peer = PeerStepSeconds(OfflineModel.Config, 128);
        double tokensPerStep = BatchSize * 128;
        Console.WriteLine($"{"ours, 16 x 128, median step",-44}{tokensPerStep / ours,10:N0} tokens/s   {flopsPerToken * tokensPerStep / ours / 1e9,6:F1} GFLOP/s");
        Console.WriteLine($"{"TorchSharp TransformerEncoderLayer x 6",-44}{tokensPerStep / peer,10:N0} tokens/s   {flopsPerToken * tokensPerStep / peer / 1e9,6:F1} GFLOP/s");
        double stepFlops = flopsPerToken * tokensPerStep;
        double configured = Breakdown(at128, stepFlops, attentionDropout: null, $"with dropout as configured (attention {OfflineModel.Config.AttentionProbsDropoutProb:G}), toxic train's default");
        double noAttentionDropout = Breakdown(at128, stepFlops, attentionDropout: 0, "with dropout, but none on attention (--attention-dropout 0)");
        double none = Breakdown(at128, stepFlops, attentionDropout: null, "without dropout (evaluation mode)", training: false);
        matmul = MatmulRate(matmul);
        Console.WriteLine($"model FLOP utilisation, forward + backward as toxic train trains: {stepFlops / configured / matmul:P0} of the matmul rate (goal: at least 80%); "
            + $"with --attention-dropout 0: {stepFlops / noAttentionDropout / matmul:P0}; without dropout: {stepFlops / none / matmul:P0}");
        Console.WriteLine($"whole step with Adam: {stepFlops / ours / matmul:P0}; ours vs TransformerEncoderLayer: {peer / ours:F2}x");
    }

    /// <summary>
    /// Forward + backward FLOPs per token of a BERT encoder (matmuls only; the rest is a few percent): per layer, the
    /// Q, K, V and output projections (4 H^2), the feed-forward (2 H I), and the attention scores and their use of
    /// the values (2 T H), each a multiply-add (x2), and the backward pass twice the forward (x3).
    /// </summary>
    public static double TrainingFlopsPerToken(Modeling.Bert.BertConfig config, int sequenceLength)
    {
        double h = config.HiddenSize, i = config.IntermediateSize;
        double perLayer = 2 * ((4 * h * h) + (2 * h * i) + (2 * sequenceLength * h));
        return 3 * perLayer * config.NumHiddenLayers;
    }

    // Trains one epoch over `tokenized` with the project's trainer; returns the seconds and the median step time.
    private static double TrainSeconds(TokenizedComments tokenized, TrainingOptions options, out double medianStep)
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(
            PretrainedModels.LoadEncoder(OfflineModel.Name).Encoder, ClassifierHead.Tutorial, LabelNames.Count, seed: 1);
        var stamps = new List<double>();
        var trainer = new Trainer(model, options with { Epochs = 1 });
        var watch = Stopwatch.StartNew();
        trainer.Fit(tokenized, progress: new SynchronousProgress<TrainingProgress>(p => stamps.Add(watch.Elapsed.TotalSeconds)));
        double seconds = watch.Elapsed.TotalSeconds;
        // Step times after the warm-up steps (stamps[k] is the end of step k).
        double[] steps = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Skip(WarmUpSteps - 1).Order().ToArray();
        medianStep = steps.Length == 0 ? seconds : steps[steps.Length / 2];
        return seconds;
    }

    // Where a 16 x 128 step's time goes: forward, backward and the optimizer, for the model loaded with
    // `attentionDropout` (null: the configuration's), in training mode or not. Returns the forward + backward seconds.
    private static double Breakdown(TokenizedComments comments, double stepFlops, double? attentionDropout, string title, bool training = true)
    {
        using Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(
            PretrainedModels.LoadEncoder(OfflineModel.Name, attentionDropout).Encoder, ClassifierHead.Tutorial, LabelNames.Count, seed: 1);
        using var optimizer = optim.Adam(model.parameters(), 5e-5, eps: 1e-7);
        model.train(training);
        int[] rows = Enumerable.Range(0, BatchSize).ToArray();
        var forward = new List<double>();
        var backward = new List<double>();
        var update = new List<double>();
        for (int step = 0; step < WarmUpSteps + TimedSteps; step++)
        {
            using var scope = NewDisposeScope();
            using LabelledBatch batch = comments.Batch(rows, Padding.Fixed, CPU);
            var watch = Stopwatch.StartNew();
            Tensor logits = model.forward(batch.Tokens.InputIds, batch.Tokens.AttentionMask, batch.Tokens.TokenTypeIds);
            Tensor loss = functional.binary_cross_entropy_with_logits(logits, batch.Targets);
            _ = loss.item<float>();
            forward.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            loss.backward();
            backward.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            optimizer.step();
            optimizer.zero_grad();
            update.Add(watch.Elapsed.TotalSeconds);
        }
        static double Median(List<double> times) => times.Skip(WarmUpSteps).Order().ElementAt(TimedSteps / 2);
        double f = Median(forward), b = Median(backward), u = Median(update);
        Console.WriteLine($"  {title}: forward {f * 1e3:F0} ms ({stepFlops / 3 / f / 1e9:F1} GFLOP/s), "
            + $"backward {b * 1e3:F0} ms ({stepFlops * 2 / 3 / b / 1e9:F1} GFLOP/s), Adam {u * 1e3:F0} ms");
        return f + b;
    }

    // TorchSharp's own encoder layers at MiniLM's size, trained the same way: embeddings, 6 layers, the first token, a linear head.
    private static double PeerStepSeconds(Modeling.Bert.BertConfig config, int length)
    {
        manual_seed(1);
        var embedding = Embedding(config.VocabSize, config.HiddenSize);
        var layers = Enumerable.Range(0, config.NumHiddenLayers)
            .Select(_ => TransformerEncoderLayer(config.HiddenSize, config.NumAttentionHeads, config.IntermediateSize, 0.1, TorchSharp.torch.nn.Activations.GELU))
            .ToArray();
        var head = Linear(config.HiddenSize, LabelNames.Count);
        var parameters = embedding.parameters().Concat(layers.SelectMany(l => l.parameters())).Concat(head.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, 5e-5);
        var times = new List<double>();
        for (int step = 0; step < WarmUpSteps + TimedSteps; step++)
        {
            using var scope = NewDisposeScope();
            Tensor ids = randint(1000, 20000, [length, BatchSize], dtype: ScalarType.Int64); // (seq, batch): the layer's layout
            Tensor targets = randint(0, 2, [BatchSize, LabelNames.Count]).to(ScalarType.Float32);
            var watch = Stopwatch.StartNew();
            Tensor x = embedding.forward(ids);
            foreach (TransformerEncoderLayer layer in layers)
            {
                x = layer.forward(x);
            }
            Tensor loss = functional.binary_cross_entropy_with_logits(head.forward(x[0]), targets);
            loss.backward();
            optimizer.step();
            optimizer.zero_grad();
            if (step >= WarmUpSteps)
            {
                times.Add(watch.Elapsed.TotalSeconds);
            }
        }
        return times.Order().ElementAt(TimedSteps / 2);
    }

    private static double MatmulRate()
    {
        const int n = 2048;
        using Tensor a = randn(n, n), b = randn(n, n);
        double best = double.MaxValue;
        for (int i = 0; i < 11; i++)
        {
            var watch = Stopwatch.StartNew();
            using Tensor c = a.mm(b);
            if (i > 0)
            {
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
        }
        return 2.0 * n * n * n / best;
    }

    private static CommentSet Comments(string? data, int count) => Take(JigsawDataset.LoadTrain(data), count);

    private static CommentSet Take(CommentSet comments, int count) =>
        comments.Select(Enumerable.Range(0, Math.Min(count, comments.Count)), $"{comments.Source} (first {Math.Min(count, comments.Count):N0})");

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
