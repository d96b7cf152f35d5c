using System.Globalization;
using System.Runtime.InteropServices;

namespace ToxicComments.Modeling.Onnx;

/// <summary>An attribute of an ONNX node: an integer, a float or a list of integers.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);
}

/// <summary>
/// Builds an ONNX model (<c>ModelProto</c>) node by node: float and int64 initializers, nodes of the default domain,
/// graph inputs and outputs with named dynamic dimensions. Every node gets a fresh output name, so a graph reads in
/// the order it was built. Field numbers are onnx.proto's.
/// </summary>
internal sealed class OnnxModelBuilder(int opset)
{
    /// <summary>ONNX's element types (TensorProto.DataType) that this builder writes.</summary>
    public const int FloatType = 1;
    public const int Int64Type = 7;

    /// <summary>The IR version that goes with opsets 17 and 18 (onnx 1.12 and later read it).</summary>
    private const int IrVersion = 8;

    private readonly List<(string OpType, string[] Inputs, string Output, OnnxAttribute[] Attributes)> nodes = [];
    private readonly List<(string Name, int Type, long[] Shape, byte[] Data)> initializers = [];
    private readonly List<(string Name, int Type, string[] Shape)> inputs = [];
    private readonly List<(string Name, int Type, string[] Shape)> outputs = [];
    private readonly HashSet<string> names = [];
    private int counter;

    /// <summary>A graph input; each dimension is a name (dynamic, e.g. <c>batch_size</c>) or a number.</summary>
    public string Input(string name, int type, params string[] shape)
    {
        Claim(name);
        inputs.Add((name, type, shape));
        return name;
    }

    /// <summary>Marks <paramref name="value"/> as the graph output <paramref name="name"/>.</summary>
    public void Output(string value, string name, int type, params string[] shape)
    {
        Node("Identity", [value], name);
        outputs.Add((name, type, shape));
    }

    /// <summary>A float initializer (a weight), stored as raw little-endian bytes.</summary>
    public string Weight(string name, float[] values, params long[] shape)
    {
        Claim(name);
        initializers.Add((name, FloatType, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>An int64 initializer (a shape, an index, axes); a fresh name unless given.</summary>
    public string Int64s(long[] values, string? name = null)
    {
        name ??= Fresh("const");
        Claim(name);
        initializers.Add((name, Int64Type, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>An int64 scalar initializer (shape []).</summary>
    public string Int64Scalar(long value)
    {
        string name = Fresh("const");
        Claim(name);
        initializers.Add((name, Int64Type, [], BitConverter.GetBytes(value)));
        return name;
    }

    /// <summary>A float scalar initializer.</summary>
    public string Scalar(float value)
    {
        string name = Fresh("const");
        Claim(name);
        initializers.Add((name, FloatType, [], BitConverter.GetBytes(value)));
        return name;
    }

    /// <summary>A node with one output; returns the output's name (fresh unless given).</summary>
    public string Node(string opType, string[] nodeInputs, string? output = null, params OnnxAttribute[] attributes)
    {
        output ??= Fresh(opType);
        Claim(output);
        nodes.Add((opType, nodeInputs, output, attributes));
        return output;
    }

    /// <summary>Serialises the model.</summary>
    public void WriteTo(Stream stream, string graphName, string producer, string producerVersion)
    {
        var model = new ProtobufWriter();
        model.Int(1, IrVersion);
        model.String(2, producer);
        model.String(3, producerVersion);
        model.Message(7, graph =>
        {
            int index = 0;
            foreach ((string opType, string[] nodeInputs, string output, OnnxAttribute[] attributes) in nodes)
            {
                graph.Message(1, node =>
                {
                    foreach (string input in nodeInputs)
                    {
                        node.String(1, input);
                    }
                    node.String(2, output);
                    node.String(3, $"{opType}_{index++}");
                    node.String(4, opType);
                    foreach (OnnxAttribute attribute in attributes)
                    {
                        node.Message(5, writer => WriteAttribute(writer, attribute));
                    }
                });
            }
            graph.String(2, graphName);
            foreach ((string name, int type, long[] shape, byte[] data) in initializers)
            {
                graph.Message(5, tensor =>
                {
                    foreach (long dim in shape)
                    {
                        tensor.Int(1, dim);
                    }
                    tensor.Int(2, type);
                    tensor.String(8, name);
                    tensor.Bytes(9, data);
                });
            }
            foreach ((string name, int type, string[] shape) in inputs)
            {
                graph.Message(11, value => WriteValueInfo(value, name, type, shape));
            }
            foreach ((string name, int type, string[] shape) in outputs)
            {
                graph.Message(12, value => WriteValueInfo(value, name, type, shape));
            }
        });
        model.Message(8, opsetImport =>
        {
            opsetImport.String(1, "");
            opsetImport.Int(2, opset);
        });
        model.CopyTo(stream);
    }

    private static void WriteAttribute(ProtobufWriter writer, OnnxAttribute attribute)
    {
        writer.String(1, attribute.Name);
        if (attribute.Float is { } f)
        {
            writer.Float(2, f);
            writer.Int(20, 1); // AttributeType.FLOAT
        }
        else if (attribute.Int is { } i)
        {
            writer.Int(3, i);
            writer.Int(20, 2); // AttributeType.INT
        }
        else
        {
            foreach (long value in attribute.Ints!)
            {
                writer.Int(8, value);
            }
            writer.Int(20, 7); // AttributeType.INTS
        }
    }

    private static void WriteValueInfo(ProtobufWriter value, string name, int type, string[] shape)
    {
        value.String(1, name);
        value.Message(2, typeProto => typeProto.Message(1, tensorType =>
        {
            tensorType.Int(1, type);
            tensorType.Message(2, shapeProto =>
            {
                foreach (string dim in shape)
                {
                    shapeProto.Message(1, dimension =>
                    {
                        if (long.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                        {
                            dimension.Int(1, size);
                        }
                        else
                        {
                            dimension.String(2, dim);
                        }
                    });
                }
            });
        }));
    }

    private string Fresh(string prefix) => $"{prefix}_{counter++}";

    private void Claim(string name)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"the ONNX graph names '{name}' twice.");
        }
    }
}
