using ToxicComments.Modeling.Weights;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

public sealed class TensorBytesTests
{
    [Fact]
    public void ForEachChunk_SmallChunks_CoversEveryByteInOrderInWholeElements()
    {
        using Tensor tensor = arange(10, ScalarType.Float32).reshape(2, 5);
        byte[] expected = tensor.bytes.ToArray();
        var seen = new List<(long Offset, int Length)>();
        var copy = new byte[expected.Length];

        TensorBytes.ForEachChunk(tensor, (chunk, offset) =>
        {
            seen.Add((offset, chunk.Length));
            chunk.CopyTo(copy.AsSpan((int)offset));
        }, maxChunkBytes: 14);

        Assert.Equal([(0L, 12), (12L, 12), (24L, 12), (36L, 4)], seen);
        Assert.Equal(expected, copy);
    }

    [Fact]
    public void ForEachChunk_WritingTheSpans_WritesTheTensorsStorage()
    {
        using Tensor tensor = zeros([3], ScalarType.Int16);

        TensorBytes.ForEachChunk(tensor, (chunk, offset) => chunk.Fill((byte)(offset + 1)), maxChunkBytes: 2);

        Assert.Equal([0x0101, 0x0303, 0x0505], tensor.data<short>().ToArray());
    }

    [Fact]
    public void ForEachChunk_EmptyTensor_NoCalls()
    {
        using Tensor tensor = zeros(0, 4);
        int calls = 0;

        TensorBytes.ForEachChunk(tensor, (_, _) => calls++);

        Assert.Equal(0, calls);
    }

    [Fact]
    public void ForEachChunk_NonContiguous_Throws()
    {
        using Tensor tensor = zeros(2, 3);
        using Tensor transposed = tensor.t();

        Assert.Throws<ArgumentException>(() => TensorBytes.ForEachChunk(transposed, (_, _) => { }));
    }
}
