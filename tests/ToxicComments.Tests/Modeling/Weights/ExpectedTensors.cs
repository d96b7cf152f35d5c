using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

/// <summary>A tensor as a fixture's JSON sidecar describes it (values as strings: NaN, infinities and -0.0 survive).</summary>
public sealed record ExpectedTensor(string Name, ScalarType Type, long[] Shape, string[] Values)
{
    // .NET's double.NaN has the sign bit set; Python's (and the fixtures') NaN does not.
    private static readonly double PositiveNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    public bool IsFloatingPoint => Type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>The tensor these values make, built through float64 / int64 so that no value is reinterpreted.</summary>
    public Tensor Create()
    {
        using var scope = NewDisposeScope();
        Tensor wide = IsFloatingPoint
            ? tensor(Values.Select(ParseFloat).ToArray(), ScalarType.Float64)
            : tensor(Values.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray(), ScalarType.Int64);
        return wide.to_type(Type).reshape(Shape).contiguous().MoveToOuterDisposeScope();
    }

    private static double ParseFloat(string text) => text == "NaN" ? PositiveNaN : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Asserts that <paramref name="actual"/> has this dtype, shape and values, bit for bit (NaN equals NaN).</summary>
    public void AssertHeldBy(Tensor actual)
    {
        Assert.Equal(Type, actual.dtype);
        Assert.Equal(Shape, actual.shape);
        if (IsFloatingPoint)
        {
            // Flattened: TorchSharp's data<T>().ToArray() fails on 0-dimensional tensors.
            using Tensor wide = actual.to_type(ScalarType.Float64).reshape(-1);
            double[] values = wide.data<double>().ToArray();
            Assert.Equal(Values.Length, values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                double expected = ParseFloat(Values[i]);
                Assert.True(
                    double.IsNaN(expected) ? double.IsNaN(values[i]) : BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(values[i]),
                    $"{Name}[{i}]: expected {Values[i]}, read {values[i].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
        else
        {
            using Tensor wide = actual.to_type(ScalarType.Int64).reshape(-1);
            Assert.Equal(Values.Select(v => long.Parse(v, CultureInfo.InvariantCulture)), wide.data<long>().ToArray());
        }
    }
}

public static class ExpectedTensors
{
    public static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    // The safetensors names and PyTorch's, as the two generators write them.
    private static readonly Dictionary<string, ScalarType> Types = new()
    {
        ["F32"] = ScalarType.Float32, ["float32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16, ["float16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16, ["bfloat16"] = ScalarType.BFloat16,
        ["F64"] = ScalarType.Float64, ["float64"] = ScalarType.Float64,
        ["I64"] = ScalarType.Int64, ["int64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32, ["int32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16, ["int16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8, ["int8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte, ["uint8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool, ["bool"] = ScalarType.Bool,
    };

    /// <summary>The tensors of a sidecar JSON under Fixtures/, in file order.</summary>
    public static IReadOnlyList<ExpectedTensor> Load(string relativePath)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Fixtures, relativePath)));
        return json.RootElement.EnumerateObject().Select(p => new ExpectedTensor(
            p.Name,
            Types[p.Value.GetProperty("dtype").GetString()!],
            p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            p.Value.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray())).ToList();
    }
}
