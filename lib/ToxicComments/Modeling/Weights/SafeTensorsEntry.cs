using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>One tensor as a safetensors header describes it.</summary>
/// <param name="Name">The state-dict key, e.g. <c>distilbert.embeddings.word_embeddings.weight</c>.</param>
/// <param name="DType">The safetensors dtype name: <c>F32</c>, <c>BF16</c>, <c>I64</c>, ...</param>
/// <param name="Shape">Dimensions, row-major; empty for a scalar.</param>
/// <param name="Begin">First byte of the tensor's data, counted from the start of the data section.</param>
/// <param name="End">One past the last byte.</param>
public sealed record SafeTensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The TorchSharp element type.</summary>
    public ScalarType ScalarType => SafeTensorsDType.ToScalarType(DType)
        ?? throw new InvalidOperationException($"tensor '{Name}': unsupported dtype '{DType}'.");

    /// <summary>Bytes of data.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as Python prints it, for messages: <c>[2, 3]</c>.</summary>
    internal string ShapeText => $"[{string.Join(", ", Shape)}]";
}
