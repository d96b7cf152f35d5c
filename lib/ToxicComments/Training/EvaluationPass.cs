using ToxicComments.Evaluation;
using ToxicComments.Inference;
using static TorchSharp.torch;

namespace ToxicComments.Training;

/// <summary>A model's ROC AUC on labelled comments, as a soup's members are compared on the validation split.</summary>
internal static class EvaluationPass
{
    /// <summary>The ROC AUC of <paramref name="model"/>'s scores on <paramref name="comments"/>, per label and their mean.</summary>
    public static RocAucScores RocAuc(nn.Module<Tensor, Tensor, Tensor, Tensor> model, TokenizedComments comments, int batchSize, Device device)
    {
        using Tensor logits = ForwardPass.Run(model, comments.Texts, comments.PaddingId, batchSize, device, model.forward);
        return Evaluation.RocAuc.Compute(comments.Truth(), ForwardPass.ToMatrix(logits));
    }
}
