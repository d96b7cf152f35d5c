using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

/// <summary>Exact tensor comparison (TorchSharp's <c>Tensor.equal</c> is element-wise <c>eq</c>, not PyTorch's <c>torch.equal</c>).</summary>
public static class TensorAssert
{
    /// <summary>Same dtype, shape and bytes: what a weights file must preserve.</summary>
    public static void Same(Tensor expected, Tensor actual, string? name = null)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        using Tensor left = expected.detach().cpu().contiguous();
        using Tensor right = actual.detach().cpu().contiguous();
        Assert.True(left.bytes.SequenceEqual(right.bytes), $"{name ?? "tensor"}: values differ");
    }
}
