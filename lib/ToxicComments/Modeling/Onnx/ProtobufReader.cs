namespace ToxicComments.Modeling.Onnx;

/// <summary>
/// Just enough of the protobuf wire format to walk an ONNX model: varints, length-delimited fields, and skipping
/// everything else. ONNX files are plain protobuf; reading the handful of fields the importer needs this way
/// avoids generated code and a protobuf dependency.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => position >= data.Length;

    /// <summary>Reads the next field's number and wire type; false at the end.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (position >= data.Length)
        {
            field = wireType = 0;
            return false;
        }
        ulong key = Varint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        return true;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("malformed varint");
    }

    /// <summary>A length-delimited field: a string, bytes, an embedded message or a packed array.</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        int length = checked((int)Varint());
        ReadOnlySpan<byte> bytes = data.Slice(position, length);
        position += length;
        return bytes;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                Varint();
                break;
            case 1:
                position += 8;
                break;
            case 2:
                Bytes();
                break;
            case 5:
                position += 4;
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {wireType}");
        }
    }
}
