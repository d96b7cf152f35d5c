using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Inference;

/// <summary>
/// The one batched forward pass without gradients that scoring (<see cref="CommentScorer"/>), embedding
/// (<see cref="Embedder"/>) and the passes inside training (the linear probe's features, a soup's members on the
/// validation split) all make: the model in evaluation mode, the texts in batches longest first so that each is
/// padded only to its longest, and the rows back in the texts' order.
/// </summary>
public static class ForwardPass
{
    /// <summary>
    /// <paramref name="forward"/> on every text of <paramref name="texts"/>: (texts, columns), float64 on the CPU.
    /// <paramref name="model"/> is in evaluation mode during the pass and returns to its mode after it.
    /// </summary>
    /// <param name="model">The module <paramref name="forward"/> runs; only its mode is changed here.</param>
    /// <param name="texts">The token ids.</param>
    /// <param name="paddingId">The tokenizer's padding id.</param>
    /// <param name="batchSize">Texts per forward pass.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="forward">(input_ids, attention_mask, token_type_ids) to (batch, columns).</param>
    /// <param name="inferenceOnly">
    /// Inference mode rather than no_grad: no autograd bookkeeping at all (version counters, views), faster for
    /// scoring; the results must then never meet autograd.
    /// </param>
    /// <param name="progress">Told how many texts are done, after each batch.</param>
    public static Tensor Run(nn.Module model, EncodedTexts texts, int paddingId, int batchSize, Device device,
                             Func<Tensor, Tensor, Tensor, Tensor> forward, bool inferenceOnly = false, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using IDisposable noGradients = inferenceOnly ? inference_mode() : no_grad();
            using var scope = NewDisposeScope();
            var order = new List<int>(texts.Count);
            var parts = new List<Tensor>();
            foreach (int[] rows in texts.BatchesLongestFirst(batchSize))
            {
                order.AddRange(rows);
                using TokenBatch batch = TokenBatch.Collate(rows.Select(i => texts.Ids[i]).ToList(), paddingId, texts.MaxLength, Padding.Dynamic, device);
                parts.Add(forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(ScalarType.Float64).cpu());
                progress?.Report(order.Count);
            }
            if (parts.Count == 0)
            {
                return zeros(0, 0, ScalarType.Float64).MoveToOuterDisposeScope();
            }
            Tensor sorted = cat(parts, 0);
            Tensor inOrder = zeros_like(sorted).index_copy_(0, tensor(order.Select(i => (long)i).ToArray()), sorted);
            return inOrder.MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>A (rows, columns) float64 tensor as the array the metrics take.</summary>
    public static double[,] ToMatrix(Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        long rows = scores.shape[0], columns = scores.shape[1];
        double[] values = scores.contiguous().data<double>().ToArray();
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }
}
