using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling;

/// <summary>
/// A pretrained encoder behind a classification head: BERT or DistilBERT, with what the head needs to know
/// (its width, and the prefix Hugging Face gives its keys inside a task model: <c>bert.</c>, <c>distilbert.</c>)
/// and the longest input its position table allows.
/// </summary>
public sealed record TextEncoder(Module<Tensor, Tensor, Tensor, Tensor> Module, int HiddenSize, string KeyPrefix, int MaxPositions)
{
    public static TextEncoder From(BertModel model) => new(model, model.Config.HiddenSize, "bert", model.Config.MaxPositionEmbeddings);

    public static TextEncoder From(DistilBertModel model) => new(model, model.Config.Dim, "distilbert", model.Config.MaxPositionEmbeddings);
}

/// <summary>Sentence embeddings from an encoder's last hidden state.</summary>
public enum Pooling
{
    /// <summary>The first token's (<c>[CLS]</c>) hidden state.</summary>
    Cls,

    /// <summary>The mean over real tokens (padding masked out), as sentence-transformers models are trained.</summary>
    Mean,
}

/// <summary>Pooling a last hidden state into one vector per text.</summary>
public static class Pool
{
    /// <param name="hidden">(batch, seq, hidden).</param>
    /// <param name="attentionMask">(batch, seq) 1 for tokens, 0 for padding.</param>
    /// <param name="pooling">Which pooling.</param>
    /// <returns>(batch, hidden), not normalised.</returns>
    public static Tensor Apply(Tensor hidden, Tensor attentionMask, Pooling pooling)
    {
        if (pooling == Pooling.Cls)
        {
            return hidden[.., 0];
        }
        using var scope = NewDisposeScope();
        Tensor weights = attentionMask.unsqueeze(-1).to(hidden.dtype); // (batch, seq, 1)
        Tensor summed = (hidden * weights).sum(1); // (batch, hidden)
        return (summed / weights.sum(1).clamp_min(1e-9)).MoveToOuterDisposeScope();
    }
}
