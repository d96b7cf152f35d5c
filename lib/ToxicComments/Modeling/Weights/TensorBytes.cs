using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>Receives one piece of a tensor's memory and where it starts within the tensor's bytes.</summary>
internal delegate void ByteChunkAction(Span<byte> chunk, long offset);

/// <summary>
/// The raw memory of a contiguous CPU tensor as spans, so that file I/O goes straight between the file and the
/// tensor's storage with no intermediate buffer. TorchSharp's <c>Tensor.bytes</c> is one span and spans stop at
/// 2 GiB, so larger tensors are visited in pieces through flat views.
/// </summary>
internal static class TensorBytes
{
    /// <summary>Largest piece handed out at once.</summary>
    public const long DefaultChunkBytes = 1L << 30;

    /// <summary>Calls <paramref name="action"/> for consecutive pieces of <paramref name="tensor"/>'s memory.</summary>
    /// <exception cref="ArgumentException">The tensor is not contiguous or not on the CPU.</exception>
    public static void ForEachChunk(Tensor tensor, ByteChunkAction action, long maxChunkBytes = DefaultChunkBytes)
    {
        if (tensor.device_type != TorchSharp.DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("expected a contiguous CPU tensor.", nameof(tensor));
        }
        long elementSize = tensor.ElementSize;
        long elements = tensor.numel();
        if (elements == 0)
        {
            return;
        }
        if (elements * elementSize <= maxChunkBytes)
        {
            action(tensor.bytes, 0);
            return;
        }
        long perChunk = Math.Max(1, maxChunkBytes / elementSize);
        using Tensor flat = tensor.view(-1);
        for (long start = 0; start < elements; start += perChunk)
        {
            using Tensor piece = flat.narrow(0, start, Math.Min(perChunk, elements - start));
            action(piece.bytes, start * elementSize);
        }
    }
}
