using System.Runtime.InteropServices;
using System.Text;

namespace ToxicComments.Modeling.Onnx;

/// <summary>A weight stored in an ONNX file: its shape and its float32 values.</summary>
public sealed record OnnxInitializer(string Name, long[] Shape, float[] Values);

/// <summary>A node of the graph: operator and the names of its inputs and outputs.</summary>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>
/// The parts of an ONNX model an importer needs: the float32 initializers (weights) and the nodes that use them.
/// Reads ModelProto.graph (field 7) → GraphProto.node (1) and .initializer (5); TensorProto dims (1), data_type (2),
/// float_data (4), name (8), raw_data (9). Other fields are skipped; non-float initializers are ignored.
/// </summary>
public sealed class OnnxGraph
{
    private const int FloatType = 1;

    private OnnxGraph(Dictionary<string, OnnxInitializer> initializers, List<OnnxNode> nodes)
    {
        Initializers = initializers;
        Nodes = nodes;
    }

    /// <summary>Float initializers by name.</summary>
    public IReadOnlyDictionary<string, OnnxInitializer> Initializers { get; }

    /// <summary>The nodes in graph order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Parses the model in <paramref name="model"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model this reader understands.</exception>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model, string source)
    {
        try
        {
            var reader = new ProtobufReader(model);
            while (reader.Next(out int field, out int wire))
            {
                if (field == 7 && wire == 2)
                {
                    return ParseGraph(reader.Bytes());
                }
                reader.Skip(wire);
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or InvalidDataException)
        {
            throw new InvalidDataException($"{source}: not a readable ONNX model ({e.Message}).", e);
        }
        throw new InvalidDataException($"{source}: not an ONNX model (no graph).");
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> graph)
    {
        var initializers = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var reader = new ProtobufReader(graph);
        while (reader.Next(out int field, out int wire))
        {
            if (field == 1 && wire == 2)
            {
                nodes.Add(ParseNode(reader.Bytes()));
            }
            else if (field == 5 && wire == 2)
            {
                if (ParseTensor(reader.Bytes()) is { } tensor)
                {
                    initializers[tensor.Name] = tensor;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return new OnnxGraph(initializers, nodes);
    }

    private static OnnxNode ParseNode(ReadOnlySpan<byte> node)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string op = "";
        var reader = new ProtobufReader(node);
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    inputs.Add(Encoding.UTF8.GetString(reader.Bytes()));
                    break;
                case 2 when wire == 2:
                    outputs.Add(Encoding.UTF8.GetString(reader.Bytes()));
                    break;
                case 4 when wire == 2:
                    op = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxNode(op, inputs, outputs);
    }

    private static OnnxInitializer? ParseTensor(ReadOnlySpan<byte> tensor)
    {
        var shape = new List<long>();
        int type = 0;
        string name = "";
        float[]? values = null;
        var reader = new ProtobufReader(tensor);
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 0:
                    shape.Add((long)reader.Varint());
                    break;
                case 1 when wire == 2:
                    // A packed repeated int64: consecutive varints.
                    var dims = new ProtobufReader(reader.Bytes());
                    while (!dims.AtEnd)
                    {
                        shape.Add((long)dims.Varint());
                    }
                    break;
                case 2 when wire == 0:
                    type = (int)reader.Varint();
                    break;
                case 4 when wire == 2:
                case 9 when wire == 2:
                    // float_data (packed) and raw_data both hold little-endian float32 for a FLOAT tensor.
                    values = MemoryMarshal.Cast<byte, float>(reader.Bytes()).ToArray();
                    break;
                case 8 when wire == 2:
                    name = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return type == FloatType && values is not null ? new OnnxInitializer(name, [.. shape], values) : null;
    }
}
