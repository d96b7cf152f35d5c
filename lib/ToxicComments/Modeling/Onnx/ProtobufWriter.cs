using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ToxicComments.Modeling.Onnx;

/// <summary>
/// The protocol-buffer encoding ONNX files use, for the few wire types they need: varints, 32-bit floats and
/// length-delimited fields (strings, bytes, nested messages). A nested message is written to its own buffer first,
/// since its length comes before it. Repeated numbers are written one field each (unpacked), which every protobuf
/// reader accepts, proto2 and proto3 alike.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintWire = 0;
    private const int LengthDelimitedWire = 2;
    private const int Fixed32Wire = 5;

    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    /// <summary>An integer field (int32, int64 or an enum): negative values take ten bytes, as protobuf specifies.</summary>
    public void Int(int field, long value)
    {
        Tag(field, VarintWire);
        Varint(unchecked((ulong)value));
    }

    /// <summary>A float field.</summary>
    public void Float(int field, float value)
    {
        Tag(field, Fixed32Wire);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    /// <summary>A string field (UTF-8).</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedWire);
        Varint((ulong)value.Length);
        buffer.Write(value);
    }

    /// <summary>A nested message, written by <paramref name="write"/>.</summary>
    public void Message(int field, Action<ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(nested);
        Bytes(field, nested.Written);
    }

    /// <summary>Copies what was written to <paramref name="stream"/>.</summary>
    public void CopyTo(Stream stream) => stream.Write(Written);

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }
        Byte((byte)value);
    }

    private void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }
}
