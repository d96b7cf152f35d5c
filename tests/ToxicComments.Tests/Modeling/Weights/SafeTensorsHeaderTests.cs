using System.Buffers.Binary;
using System.Text;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Modeling.Weights;

/// <summary>Every way a header can be wrong gets one message naming the file (and the tensor, where there is one).</summary>
public sealed class SafeTensorsHeaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Read_FileShorterThan8Bytes_NotASafetensorsFile(int length)
    {
        string path = WriteBytes(new byte[length]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: not a safetensors file: {length} bytes, shorter than the 8-byte header length that starts one.", error.Message);
    }

    [Fact]
    public void Read_HeaderLengthPastEndOfFile_SaysSo()
    {
        string path = WriteBytes([.. Length(1000), .. "{}"u8]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: the header length 1000 runs past the end of the file (10 bytes): the file is truncated or not a safetensors file.", error.Message);
    }

    [Fact]
    public void Read_HeaderLengthNearUInt64Max_SaysItRunsPastTheEnd()
    {
        string path = WriteBytes([.. Length(ulong.MaxValue), .. "{}"u8]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains($"the header length {ulong.MaxValue} runs past the end of the file", error.Message);
    }

    [Fact]
    public void Read_HeaderLengthOverLimit_SaysSo()
    {
        // A sparse file: long enough for the length field to fit, without writing 100 MB.
        string path = _temp.File("huge.safetensors");
        using (var stream = File.Create(path))
        {
            stream.Write(Length(SafeTensorsHeader.MaxLength + 8));
            stream.SetLength(SafeTensorsHeader.MaxLength + 100);
        }

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: the header length 100000008 is over the 100,000,000-byte limit of safetensors readers.", error.Message);
    }

    [Fact]
    public void Read_HeaderNotStartingWithBrace_SaysSo()
    {
        string path = WriteFile("[1, 2]", []);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: the safetensors header must be a JSON object starting with '{{'; it starts with byte 0x5b.", error.Message);
    }

    [Theory]
    [InlineData("{\"w\": {\"dtype\": \"F32\"")]
    [InlineData("{\"w\": tru}")]
    [InlineData("{} trailing")]
    public void Read_InvalidJson_SaysSo(string header)
    {
        string path = WriteFile(header, []);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.StartsWith($"{path}: the safetensors header is not valid JSON (byte ", error.Message);
    }

    [Fact]
    public void Read_InvalidUtf8InHeader_SaysSo()
    {
        // {"<0xFF>":1} and a space: 0xFF never occurs in UTF-8.
        string path = WriteBytes([.. Length(8), 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: the safetensors header is not valid UTF-8 (byte 2 of the header).", error.Message);
    }

    [Theory]
    [InlineData("F8_E4M3")]
    [InlineData("U16")]
    [InlineData("f32")]
    [InlineData("Q4_0")]
    public void Read_UnknownDtype_NamesTensorAndDtype(string dtype)
    {
        string path = WriteFile($"{{\"emb.weight\":{{\"dtype\":\"{dtype}\",\"shape\":[1],\"data_offsets\":[0,1]}}}}", [0]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal(
            $"{path}: tensor 'emb.weight': unsupported dtype '{dtype}' (this reader supports BOOL, U8, I8, I16, F16, BF16, I32, F32, F64, I64).",
            error.Message);
    }

    [Theory]
    [InlineData("[0,20]", "hold 20 bytes, but F32 [2, 3] needs 24")]
    [InlineData("[0,28]", "hold 28 bytes, but F32 [2, 3] needs 24")]
    public void Read_OffsetsNotMatchingShape_NamesTensorAndSizes(string offsets, string expected)
    {
        string path = WriteFile($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":{offsets}}}}}", new byte[28]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'w': data_offsets {offsets.Replace(",", ", ")} {expected}.", error.Message);
    }

    [Fact]
    public void Read_OffsetsEndBeforeBegin_NamesTensor()
    {
        string path = WriteFile("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", new byte[4]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'w': data_offsets must be [begin, end] with begin <= end; found [4, 0].", error.Message);
    }

    [Fact]
    public void Read_OverlappingTensors_NamesBoth()
    {
        string path = WriteFile(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'b': data_offsets [4, 12] overlap tensor 'a' [0, 8].", error.Message);
    }

    [Fact]
    public void Read_TwoNamesForTheSameBytes_Overlap()
    {
        string path = WriteFile(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'b': data_offsets [0, 8] overlap tensor 'a' [0, 8].", error.Message);
    }

    [Fact]
    public void Read_HoleBetweenTensors_NamesTensorAfterIt()
    {
        string path = WriteFile(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'b': data_offsets [12, 16] leave a hole of 4 bytes after tensor 'a' (which ends at 8).", error.Message);
    }

    [Fact]
    public void Read_HoleAtStartOfData_NamesFirstTensor()
    {
        string path = WriteFile("{\"a\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[2,4]}}", new byte[4]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'a': data_offsets [2, 4] leave a hole of 2 bytes at the start of the data.", error.Message);
    }

    [Fact]
    public void Read_OffsetsPastEndOfFile_NamesTensorAndSaysTruncated()
    {
        string path = WriteFile(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]}}", new byte[6]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'b': data_offsets [4, 12] run past the end of the file, whose data section holds 6 bytes: the file is truncated.", error.Message);
    }

    [Fact]
    public void Read_BytesAfterLastTensor_SaysNoTensorCoversThem()
    {
        string path = WriteFile("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[5]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: 3 bytes after the last tensor's data that no tensor covers (the data section holds 5 bytes, the tensors 2).", error.Message);
    }

    [Fact]
    public void Read_DuplicateKey_NamesIt()
    {
        string path = WriteFile(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", new byte[2]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: key 'a' appears twice in the safetensors header.", error.Message);
    }

    [Theory]
    [InlineData("{\"w\":[1]}", "expected an object with dtype, shape and data_offsets; found an array")]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}}", "missing 'dtype'")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", "missing 'shape'")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"shape\":[1]}}", "missing 'data_offsets'")]
    [InlineData("{\"w\":{\"dtype\":8,\"shape\":[1],\"data_offsets\":[0,1]}}", "'dtype' must be a string; it is a number")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"shape\":1,\"data_offsets\":[0,1]}}", "'shape' must be an array; it is a number")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", "'shape' must hold non-negative integers; found -1")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}", "'shape' must hold non-negative integers; found 1.5")]
    [InlineData("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0]}}", "data_offsets must be [begin, end] with begin <= end; found [0]")]
    [InlineData("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,1]}}", "shape [4294967296, 4294967296] is too large to address")]
    public void Read_MalformedTensorEntry_NamesTensorAndField(string header, string expected)
    {
        string path = WriteFile(header, [0]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: tensor 'w': {expected}.", error.Message);
    }

    [Theory]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "'__metadata__' must map strings to strings; 'format' is a number.")]
    [InlineData("{\"__metadata__\":[\"pt\"]}", "'__metadata__' must be an object of strings; it is an array.")]
    public void Read_MetadataNotStrings_SaysSo(string header, string expected)
    {
        string path = WriteFile(header, []);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Fact]
    public void ReadHeader_ValidFileWithPaddingAndMetadata_DescribesTensorsInDataOrder()
    {
        string path = WriteFile(
            "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}   ",
            new byte[6]);

        SafeTensorsHeader header = SafeTensors.ReadHeader(path);

        Assert.Equal(["a", "b"], header.Entries.Select(e => e.Name));
        Assert.Equal(TorchSharp.torch.ScalarType.Byte, header.Entries[1].ScalarType);
        Assert.Equal([2L], header.Entries[1].Shape);
        Assert.Empty(header.Entries[0].Shape);
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal(6, header.DataLength);
        Assert.Equal(8 + header.Length, header.DataStart);
    }

    [Fact]
    public void Read_EmptyObjectHeader_NoTensors()
    {
        string path = WriteFile("{}      ", []);

        using StateDict read = SafeTensors.Read(path);

        Assert.Empty(read);
        Assert.Empty(read.Metadata);
    }

    private string WriteFile(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        return WriteBytes([.. Length((ulong)json.Length), .. json, .. data]);
    }

    private string WriteBytes(byte[] bytes)
    {
        string path = _temp.File("model.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Length(ulong length)
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        return bytes;
    }

    private static byte[] Length(long length) => Length((ulong)length);
}
