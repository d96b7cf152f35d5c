using ToxicComments.Evaluation;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Training;

/// <summary>
/// One pass of a model over comments, in evaluation mode and without gradients, for the steps that score a frozen
/// model inside training (the linear probe's features, WiSE-FT's choice of mixing weight). Batches go longest first so
/// that each is padded only to its longest comment; the rows come back in the comments' order.
/// </summary>
internal static class EvaluationPass
{
    /// <summary>
    /// <paramref name="forward"/> on every comment of <paramref name="comments"/>: (comments, columns), float64 on
    /// the CPU. <paramref name="model"/> is in evaluation mode during the pass and returns to its mode after it.
    /// </summary>
    /// <param name="model">The module <paramref name="forward"/> runs; only its mode is changed here.</param>
    /// <param name="comments">The comments.</param>
    /// <param name="batchSize">Comments per forward pass.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="forward">(input_ids, attention_mask, token_type_ids) to (batch, columns).</param>
    public static Tensor Run(nn.Module model, TokenizedComments comments, int batchSize, Device device,
                             Func<Tensor, Tensor, Tensor, Tensor> forward)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var order = new List<int>(comments.Count);
            var parts = new List<Tensor>();
            foreach (int[] rows in comments.Texts.BatchesLongestFirst(batchSize))
            {
                order.AddRange(rows);
                using TokenBatch batch = TokenBatch.Collate(rows.Select(i => comments.Texts.Ids[i]).ToList(), comments.PaddingId,
                                                            comments.Texts.MaxLength, Padding.Dynamic, device);
                parts.Add(forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(ScalarType.Float64).cpu());
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

    /// <summary>
    /// The ROC AUC of <paramref name="model"/>'s scores on <paramref name="comments"/>, per label and their mean, as
    /// WiSE-FT's mixes and a soup's members are compared.
    /// </summary>
    public static RocAucScores RocAuc(nn.Module<Tensor, Tensor, Tensor, Tensor> model, TokenizedComments comments, int batchSize, Device device)
    {
        using Tensor logits = Run(model, comments, batchSize, device, model.forward);
        return Evaluation.RocAuc.Compute(comments.Truth(), ToMatrix(logits));
    }

    /// <summary>A (comments, columns) float64 tensor as the array the metrics take.</summary>
    public static double[,] ToMatrix(Tensor scores)
    {
        long rows = scores.shape[0], columns = scores.shape[1];
        double[] values = scores.contiguous().data<double>().ToArray();
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }
}
