using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// The safetensors dtype names this project reads and writes, with their TorchSharp types. The format defines more
/// (F8_E4M3, U16, U32, U64, C64, ...) that TorchSharp 0.107 has no tensor type for; those are refused by name.
/// </summary>
internal static class SafeTensorsDType
{
    // Listed in the order of Hugging Face's Rust `Dtype` enum (increasing alignment). Its writer puts tensors with
    // the widest elements first, so that every tensor starts at a multiple of its element size (the header length
    // is a multiple of 8): a memory-mapping reader can then view each tensor in place.
    private static readonly (string Name, ScalarType Type)[] Supported =
    [
        ("BOOL", ScalarType.Bool),
        ("U8", ScalarType.Byte),
        ("I8", ScalarType.Int8),
        ("I16", ScalarType.Int16),
        ("F16", ScalarType.Float16),
        ("BF16", ScalarType.BFloat16),
        ("I32", ScalarType.Int32),
        ("F32", ScalarType.Float32),
        ("F64", ScalarType.Float64),
        ("I64", ScalarType.Int64),
    ];

    /// <summary>The supported names, for error messages.</summary>
    public static string SupportedNames { get; } = string.Join(", ", Supported.Select(s => s.Name));

    /// <summary>The TorchSharp type of <paramref name="name"/>, or null when this reader does not support it.</summary>
    public static ScalarType? ToScalarType(string name)
    {
        foreach ((string n, ScalarType type) in Supported)
        {
            if (n == name)
            {
                return type;
            }
        }
        return null;
    }

    /// <summary>The safetensors name of <paramref name="type"/>, or null when the format has none we write.</summary>
    public static string? ToName(ScalarType type)
    {
        foreach ((string name, ScalarType t) in Supported)
        {
            if (t == type)
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>Bytes per element.</summary>
    public static int Size(ScalarType type) => type switch
    {
        ScalarType.Bool or ScalarType.Byte or ScalarType.Int8 => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Float64 or ScalarType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a safetensors dtype"),
    };

    /// <summary>Position in Hugging Face's dtype order; its writer sorts by this, descending.</summary>
    public static int Rank(ScalarType type) => Array.FindIndex(Supported, s => s.Type == type);
}
