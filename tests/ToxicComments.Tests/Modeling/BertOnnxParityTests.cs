using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ToxicComments.Hub;
using ToxicComments.Modeling.Bert;
using ToxicComments.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace ToxicComments.Tests.Modeling;

/// <summary>
/// The offline model imported into the TorchSharp <see cref="BertModel"/> against ONNX Runtime running the very
/// same file: same input ids, same last hidden state and pooled output, to 1e-4.
/// </summary>
public sealed class BertOnnxParityTests(ITestOutputHelper output)
{
    private static readonly string[] Comments =
    [
        "You are an idiot and your edits are garbage!!",
        "Thanks for the help with the Battle of Hastings article.",
        "== Reception ==\nI think this section needs a rewrite; the second paragraph repeats the first.",
        "ok",
    ];

    /// <summary>With padding the attention is masked; a batch without padding takes the unmasked kernel.</summary>
    public static TheoryData<int> BatchSizes() => new(4, 1);

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public void Forward_OfflineMiniLm_MatchesOnnxRuntimeOnTheSameFile(int comments)
    {
        var watch = Stopwatch.StartNew();
        using BertModel model = OfflineModel.LoadEncoder();
        TimeSpan loadTime = watch.Elapsed;
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();
        using TokenBatch batch = TokenBatch.Collate(Comments.Take(comments).Select(c => tokenizer.Encode(c)).ToList(), tokenizer.PaddingId, 512, Padding.Dynamic);

        float[] ours;
        float[] oursPooled;
        using (no_grad())
        using (TorchTensor hidden = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds))
        using (TorchTensor pooled = model.Pool(hidden))
        {
            ours = hidden.data<float>().ToArray();
            oursPooled = pooled.data<float>().ToArray();
        }
        (float[] reference, float[] referencePooled) = RunOnnxRuntime(batch);

        output.WriteLine($"loaded in {loadTime.TotalSeconds:F2} s; max |difference|: hidden {MaxAbsDifference(ours, reference):E2}, pooled {MaxAbsDifference(oursPooled, referencePooled):E2}");
        Assert.Equal(reference.Length, ours.Length);
        Assert.True(MaxAbsDifference(ours, reference) <= 1e-4, $"last_hidden_state differs by {MaxAbsDifference(ours, reference)}");
        Assert.True(MaxAbsDifference(oursPooled, referencePooled) <= 1e-4, $"pooled output differs by {MaxAbsDifference(oursPooled, referencePooled)}");
        Assert.True(loadTime < TimeSpan.FromSeconds(30), $"loading took {loadTime}");
    }

    [Fact]
    public void LoadEncoder_Weights_AreTrainable()
    {
        using BertModel model = OfflineModel.LoadEncoder();

        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(22_713_216, model.parameters().Sum(p => p.numel()));
    }

    private static (float[] Hidden, float[] Pooled) RunOnnxRuntime(TokenBatch batch)
    {
        using var copy = new MemoryStream();
        using (Stream onnx = OfflineModel.OpenOnnx())
        {
            onnx.CopyTo(copy);
        }
        using var session = new InferenceSession(copy.ToArray());
        int[] shape = [(int)batch.Size, (int)batch.SequenceLength];
        NamedOnnxValue Input(string name, TorchTensor values) =>
            NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values.data<long>().ToArray(), shape.AsSpan()));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(
        [
            Input("input_ids", batch.InputIds), Input("attention_mask", batch.AttentionMask), Input("token_type_ids", batch.TokenTypeIds),
        ]);
        float[] hidden = outputs.Single(o => o.Name == "last_hidden_state").AsEnumerable<float>().ToArray();
        float[] pooled = outputs.Single(o => o.Name != "last_hidden_state").AsEnumerable<float>().ToArray();
        return (hidden, pooled);
    }

    private static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
