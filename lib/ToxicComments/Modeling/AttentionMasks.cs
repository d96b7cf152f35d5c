using static TorchSharp.torch;

namespace ToxicComments.Modeling;

/// <summary>Attention masks in the form scaled dot-product attention takes them.</summary>
public static class AttentionMasks
{
    /// <summary>
    /// A (batch, 1, 1, seq) boolean mask, true where a key may be attended to; null when the batch has no padding at
    /// all, which lets the attention kernel take its unmasked (fastest) path with the same result.
    /// </summary>
    public static Tensor? KeysToKeep(Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        Tensor keep = attentionMask.to(ScalarType.Bool);
        if (keep.all().item<bool>())
        {
            return null;
        }
        return keep.unsqueeze(1).unsqueeze(2).MoveToOuterDisposeScope();
    }
}
