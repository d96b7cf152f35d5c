using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ToxicComments.Data.Synthetic;
using ToxicComments.Hub;
using ToxicComments.Modeling.Bert;
using ToxicComments.Tokenization;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace ToxicComments.Bench;

/// <summary>
/// Forward passes of the offline MiniLM, batch 32 x 128 tokens: the TorchSharp BertModel against ONNX Runtime
/// running the model's own ONNX file, same ids, same threads, taking turns; tokens per second.
/// </summary>
internal static class InferenceBenchmark
{
    public static void Run(string[] args)
    {
        const int batchSize = 32, length = 128, rounds = 8, passes = 3;
        int threads = Environment.ProcessorCount;
        set_num_threads(threads);
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();
        // Real-looking comments, each cut or padded to exactly 128 tokens so both engines do the same work.
        int[][] ids = SyntheticComments.Generate(batchSize * 4, 5, "bench").Select(c => string.Join(' ', Enumerable.Repeat(c.Text, 8)))
            .Take(batchSize).Select(t => tokenizer.Encode(t, length)).ToArray();
        using TokenBatch batch = TokenBatch.Collate(ids, tokenizer.PaddingId, length, Padding.Fixed with { }, null);
        if (batch.SequenceLength != length)
        {
            throw new InvalidOperationException("the batch must be 32 x 128");
        }

        using BertModel model = OfflineModel.LoadEncoder();
        using var session = OnnxSession(threads);
        var inputs = new[] { ("input_ids", batch.InputIds), ("attention_mask", batch.AttentionMask), ("token_type_ids", batch.TokenTypeIds) }
            .Select(p => NamedOnnxValue.CreateFromTensor(p.Item1, new DenseTensor<long>(p.Item2.data<long>().ToArray(), [batchSize, length])))
            .ToList();

        void Torch()
        {
            // Inference mode skips autograd's version counting as well as its graph, as ONNX Runtime has neither.
            using var inference = inference_mode();
            using TorchTensor hidden = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
        }
        void Onnx()
        {
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(inputs);
        }
        Torch();
        Onnx();
        double torchBest = double.MaxValue, onnxBest = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            torchBest = Math.Min(torchBest, Time(Torch, passes));
            onnxBest = Math.Min(onnxBest, Time(Onnx, passes));
        }
        double tokens = batchSize * length;
        Console.WriteLine($"MiniLM forward, batch {batchSize} x {length}, {threads} threads, best of {rounds} rounds of {passes} passes");
        Console.WriteLine($"MKL: {Hosting.MklCpuDispatch.Apply().Message}");
        Console.WriteLine($"{"TorchSharp BertModel",-28}{tokens / torchBest,12:N0} tokens/s");
        Console.WriteLine($"{"ONNX Runtime (same file)",-28}{tokens / onnxBest,12:N0} tokens/s");
        Console.WriteLine($"TorchSharp vs ONNX Runtime: {onnxBest / torchBest:F2}x (goal: at least 1.0x)");
    }

    private static InferenceSession OnnxSession(int threads)
    {
        using var copy = new MemoryStream();
        using (Stream onnx = OfflineModel.OpenOnnx())
        {
            onnx.CopyTo(copy);
        }
        var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        return new InferenceSession(copy.ToArray(), options);
    }

    private static double Time(Action pass, int passes)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < passes; i++)
        {
            pass();
        }
        return watch.Elapsed.TotalSeconds / passes;
    }
}
