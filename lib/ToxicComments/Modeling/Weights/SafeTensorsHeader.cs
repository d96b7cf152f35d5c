using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// The JSON header of a safetensors file: each tensor's dtype, shape and byte range, and the optional
/// <c>__metadata__</c> string map. Parsing checks everything a reader needs before it touches the data (the same
/// checks as Hugging Face's Rust reader); writing produces the bytes Hugging Face's writer produces.
/// </summary>
public sealed class SafeTensorsHeader
{
    /// <summary>The key that holds free-form string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Largest header Hugging Face's reader accepts (100 MB); a longer one is a corrupt length field.</summary>
    public const long MaxLength = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long length)
    {
        Entries = entries;
        Metadata = metadata;
        Length = length;
    }

    /// <summary>The tensors in the order of their data.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> map (Hugging Face writes <c>format: pt</c>); empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Bytes of JSON, padding included: the number in the file's first 8 bytes.</summary>
    public long Length { get; }

    /// <summary>Where the data section starts in the file.</summary>
    public long DataStart => sizeof(ulong) + Length;

    /// <summary>Bytes of tensor data.</summary>
    public long DataLength => Entries.Count == 0 ? 0 : Entries[^1].End;

    /// <summary>
    /// Parses and checks the header JSON of <paramref name="path"/>, whose data section holds
    /// <paramref name="dataBytes"/> bytes.
    /// </summary>
    /// <exception cref="InvalidDataException">The header is malformed or does not match the data; the message names the file and the tensor.</exception>
    internal static SafeTensorsHeader Parse(byte[] json, string path, long dataBytes)
    {
        if (json.Length == 0 || json[0] != (byte)'{')
        {
            throw new InvalidDataException($"{path}: the safetensors header must be a JSON object starting with '{{'; it starts with {Describe(json)}.");
        }
        CheckUtf8(json, path);
        using JsonDocument document = ParseJson(json, path);

        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            // JSON parsers disagree on which duplicate wins; the format forbids them, so refuse rather than guess.
            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"{path}: key '{property.Name}' appears twice in the safetensors header.");
            }
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, path, metadata);
            }
            else
            {
                entries.Add(ReadEntry(property, path));
            }
        }
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        CheckCoverage(entries, path, dataBytes);
        return new SafeTensorsHeader(entries, metadata, json.Length);
    }

    /// <summary>
    /// The header Hugging Face's writer (<c>safetensors.torch.save_file</c>) gives <paramref name="tensors"/>:
    /// widest dtype first, then by name (byte order of UTF-8), data packed with no gaps.
    /// </summary>
    /// <exception cref="ArgumentException">A name is reserved or a dtype has no safetensors name.</exception>
    internal static SafeTensorsHeader Plan(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var planned = new List<(string Name, byte[] Utf8, ScalarType Type, long[] Shape)>(tensors.Count);
        foreach ((string name, Tensor tensor) in tensors)
        {
            if (name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
            }
            if (SafeTensorsDType.ToName(tensor.dtype) is null)
            {
                throw new ArgumentException(
                    $"tensor '{name}': {tensor.dtype} has no safetensors dtype this writer supports ({SafeTensorsDType.SupportedNames}).", nameof(tensors));
            }
            planned.Add((name, Utf8(name, "tensor name"), tensor.dtype, tensor.shape));
        }
        planned.Sort((a, b) =>
        {
            int byType = SafeTensorsDType.Rank(b.Type).CompareTo(SafeTensorsDType.Rank(a.Type));
            return byType != 0 ? byType : a.Utf8.AsSpan().SequenceCompareTo(b.Utf8);
        });

        var entries = new List<SafeTensorsEntry>(planned.Count);
        long offset = 0;
        foreach ((string name, _, ScalarType type, long[] shape) in planned)
        {
            long bytes = shape.Aggregate(1L, (n, d) => checked(n * d)) * SafeTensorsDType.Size(type);
            entries.Add(new SafeTensorsEntry(name, SafeTensorsDType.ToName(type)!, shape, offset, offset + bytes));
            offset += bytes;
        }
        var sortedMetadata = new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal);
        return new SafeTensorsHeader(entries, sortedMetadata, Serialize(entries, sortedMetadata).Length);
    }

    /// <summary>
    /// The header bytes as Hugging Face writes them: compact JSON (serde_json's escaping: only quotes, backslashes
    /// and control characters; other text as raw UTF-8), <c>__metadata__</c> first, then the tensors in data order,
    /// padded with spaces to a multiple of 8 so that the data section starts 8-byte aligned.
    /// </summary>
    internal byte[] ToBytes() => Serialize(Entries, Metadata);

    private static byte[] Serialize(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        var json = new StringBuilder("{");
        if (metadata.Count > 0)
        {
            AppendString(json, MetadataKey);
            json.Append(":{");
            json.AppendJoin(',', metadata.Select(m => $"{Quote(m.Key)}:{Quote(m.Value)}"));
            json.Append('}');
        }
        foreach (SafeTensorsEntry entry in entries)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }
            AppendString(json, entry.Name);
            json.Append(CultureInfo.InvariantCulture,
                $":{{\"dtype\":\"{entry.DType}\",\"shape\":[{string.Join(',', entry.Shape)}],\"data_offsets\":[{entry.Begin},{entry.End}]}}");
        }
        json.Append('}');
        byte[] bytes = Utf8(json.ToString(), "header");
        int padded = (bytes.Length + 7) / 8 * 8;
        byte[] result = new byte[padded];
        bytes.CopyTo(result, 0);
        result.AsSpan(bytes.Length).Fill((byte)' ');
        return result;
    }

    /// <summary>Writes the 8-byte length and the header to <paramref name="stream"/>.</summary>
    internal void WriteTo(Stream stream)
    {
        byte[] header = ToBytes();
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
    }

    /// <summary>The JSON reader would only notice bad UTF-8 inside a key when the key is read, as an InvalidOperationException.</summary>
    private static void CheckUtf8(byte[] json, string path)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(json);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not valid UTF-8 (byte {e.Index} of the header).", e);
        }
    }

    private static JsonDocument ParseJson(byte[] json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not valid JSON (byte {e.BytePositionInLine} of line {e.LineNumber + 1}).", e);
        }
    }

    private static void ReadMetadata(JsonElement value, string path, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: '{MetadataKey}' must be an object of strings; it is {Kind(value)}.");
        }
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{path}: '{MetadataKey}' must map strings to strings; '{item.Name}' is {Kind(item.Value)}.");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafeTensorsEntry ReadEntry(JsonProperty property, string path)
    {
        string where = $"{path}: tensor '{property.Name}'";
        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected an object with dtype, shape and data_offsets; found {Kind(property.Value)}.");
        }
        JsonElement dtypeElement = Field(property.Value, "dtype", JsonValueKind.String, where);
        string dtype = dtypeElement.GetString()!;
        ScalarType type = SafeTensorsDType.ToScalarType(dtype)
            ?? throw new InvalidDataException($"{where}: unsupported dtype '{dtype}' (this reader supports {SafeTensorsDType.SupportedNames}).");
        long[] shape = Integers(Field(property.Value, "shape", JsonValueKind.Array, where), "shape", where);
        long[] offsets = Integers(Field(property.Value, "data_offsets", JsonValueKind.Array, where), "data_offsets", where);
        if (offsets.Length != 2 || offsets[1] < offsets[0])
        {
            throw new InvalidDataException($"{where}: data_offsets must be [begin, end] with begin <= end; found [{string.Join(", ", offsets)}].");
        }

        var entry = new SafeTensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (n, d) => checked(n * d)) * SafeTensorsDType.Size(type));
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{where}: shape {entry.ShapeText} is too large to address.");
        }
        if (entry.ByteLength != expected)
        {
            throw new InvalidDataException(
                $"{where}: data_offsets [{entry.Begin}, {entry.End}] hold {entry.ByteLength} bytes, but {dtype} {entry.ShapeText} needs {expected}.");
        }
        return entry;
    }

    /// <summary>
    /// The data section must be covered exactly: each tensor starts where the previous one ends, the first at 0,
    /// the last at the end of the file. Holes and trailing bytes would let a file carry unchecked content, which
    /// the format forbids.
    /// </summary>
    private static void CheckCoverage(List<SafeTensorsEntry> entries, string path, long dataBytes)
    {
        SafeTensorsEntry? previous = null;
        foreach (SafeTensorsEntry entry in entries)
        {
            long expected = previous?.End ?? 0;
            if (entry.Begin < expected)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}].");
            }
            if (entry.Begin > expected)
            {
                string after = previous is null ? "at the start of the data" : $"after tensor '{previous.Name}' (which ends at {previous.End})";
                throw new InvalidDataException(
                    $"{path}: tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] leave a hole of {entry.Begin - expected} bytes {after}.");
            }
            if (entry.End > dataBytes)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] run past the end of the file, whose data section holds {dataBytes} bytes: the file is truncated.");
            }
            previous = entry;
        }
        long covered = previous?.End ?? 0;
        if (covered < dataBytes)
        {
            throw new InvalidDataException(
                $"{path}: {dataBytes - covered} bytes after the last tensor's data that no tensor covers (the data section holds {dataBytes} bytes, the tensors {covered}).");
        }
    }

    private static JsonElement Field(JsonElement entry, string name, JsonValueKind kind, string where)
    {
        if (!entry.TryGetProperty(name, out JsonElement value))
        {
            throw new InvalidDataException($"{where}: missing '{name}'.");
        }
        if (value.ValueKind != kind)
        {
            throw new InvalidDataException($"{where}: '{name}' must be {(kind == JsonValueKind.Array ? "an array" : "a string")}; it is {Kind(value)}.");
        }
        return value;
    }

    private static long[] Integers(JsonElement array, string name, string where)
    {
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
            {
                throw new InvalidDataException($"{where}: '{name}' must hold non-negative integers; found {item.GetRawText()}.");
            }
            values[i++] = value;
        }
        return values;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Describe(byte[] json) =>
        json.Length == 0 ? "nothing (the header is empty)" : $"byte 0x{json[0]:x2}";

    private static string Quote(string text)
    {
        var builder = new StringBuilder();
        AppendString(builder, text);
        return builder.ToString();
    }

    /// <summary>A JSON string escaped as serde_json (and Python's json with ensure_ascii=False) escapes it.</summary>
    private static void AppendString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }

    private static byte[] Utf8(string text, string what)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{what} '{text}' is not valid Unicode (a lone surrogate): safetensors headers are UTF-8.", e);
        }
    }
}
