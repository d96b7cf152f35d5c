using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

public sealed class SafeTensorsTests
{
    private static readonly string Reference = Path.Combine(ExpectedTensors.Fixtures, "safetensors", "reference.safetensors");

    public static TheoryData<ScalarType> AllTypes() =>
    [
        ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float64, ScalarType.Int64,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void WriteThenRead_EveryTypeAndOddShapes_SameTensors(ScalarType type)
    {
        using var temp = new TempFolder();
        long[][] shapes = [[], [0], [0, 3], [1], [7], [2, 3, 4], [3, 1, 1, 2], [1, 0, 5]];
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        for (int i = 0; i < shapes.Length; i++)
        {
            tensors[$"layer.{i}.weight"] = RandomTensor(shapes[i], type, seed: i);
        }
        string path = temp.File("model.safetensors");

        SafeTensors.Write(path, tensors);
        using StateDict read = SafeTensors.Read(path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), read.Keys);
        foreach ((string name, Tensor expected) in tensors)
        {
            Assert.Equal(type, read[name].dtype);
            Assert.Equal(expected.shape, read[name].shape);
            TensorAssert.Same(expected, read[name], name);
            Assert.False(read[name].requires_grad);
        }
        Assert.Equal("pt", read.Metadata["format"]);
    }

    [Fact]
    public void Read_ReferenceFileFromPython_HoldsItsValues()
    {
        IReadOnlyList<ExpectedTensor> expected = ExpectedTensors.Load("safetensors/reference.json");

        using StateDict read = SafeTensors.Read(Reference);

        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), read.Keys);
        foreach (ExpectedTensor tensor in expected)
        {
            tensor.AssertHeldBy(read[tensor.Name]);
        }
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, read.Metadata);
    }

    [Fact]
    public void Write_ReferenceTensors_SameBytesAsHuggingFaceLayout()
    {
        using var temp = new TempFolder();
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> tensors = ExpectedTensors.Load("safetensors/reference.json").ToDictionary(e => e.Name, e => e.Create());
        string path = temp.File("written.safetensors");

        SafeTensors.Write(path, tensors);

        byte[] expected = File.ReadAllBytes(Reference);
        byte[] written = File.ReadAllBytes(path);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected, 8, (int)BitConverter.ToUInt64(expected)),
                     System.Text.Encoding.UTF8.GetString(written, 8, (int)BitConverter.ToUInt64(written)));
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Write_Header_PaddedWithSpacesToMultipleOf8AndMetadataFirst()
    {
        using var temp = new TempFolder();
        using Tensor weight = ones(2, 3);
        string path = temp.File("model.safetensors");

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = weight });

        SafeTensorsHeader header = SafeTensors.ReadHeader(path);
        byte[] bytes = File.ReadAllBytes(path);
        string json = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)header.Length);
        Assert.Equal(0, header.Length % 8);
        Assert.Equal("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", json.TrimEnd(' '));
        Assert.Matches("^[^ ]* *$", json);
        Assert.Equal(8 + header.Length + 24, bytes.Length);
    }

    [Fact]
    public void Write_TensorsOfMixedWidths_WidestFirstSoEveryTensorIsAligned()
    {
        using var temp = new TempFolder();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.mask"] = ones([3], ScalarType.Bool),
            ["b.half"] = ones([3], ScalarType.Float16),
            ["c.float"] = ones([3], ScalarType.Float32),
            ["d.ids"] = ones([3], ScalarType.Int64),
        };
        string path = temp.File("model.safetensors");

        SafeTensors.Write(path, tensors);

        SafeTensorsHeader header = SafeTensors.ReadHeader(path);
        Assert.Equal(["d.ids", "c.float", "b.half", "a.mask"], header.Entries.Select(e => e.Name));
        Assert.Equal([0L, 24, 36, 42], header.Entries.Select(e => e.Begin));
        Assert.Equal(0, header.DataStart % 8);
    }

    [Fact]
    public void Write_ExtraMetadata_KeptBesideFormat()
    {
        using var temp = new TempFolder();
        using Tensor weight = zeros(1);
        string path = temp.File("model.safetensors");

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = weight }, new Dictionary<string, string> { ["labels"] = "toxic,insult" });

        using StateDict read = SafeTensors.Read(path);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["labels"] = "toxic,insult" }, read.Metadata);
    }

    [Fact]
    public void Write_NonContiguousAndGradientTensors_WritesTheirValues()
    {
        using var temp = new TempFolder();
        using var scope = NewDisposeScope();
        Tensor transposed = arange(6, ScalarType.Float32).reshape(2, 3).t();
        Tensor trained = ones([2], requires_grad: true);
        string path = temp.File("model.safetensors");

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["t"] = transposed, ["g"] = trained });

        using StateDict read = SafeTensors.Read(path);
        Assert.Equal([0f, 3, 1, 4, 2, 5], read["t"].data<float>().ToArray());
        Assert.Equal([3L, 2], read["t"].shape);
        TensorAssert.Same(trained, read["g"]);
    }

    [Fact]
    public void Write_ComplexTensor_ThrowsNamingIt()
    {
        using var temp = new TempFolder();
        using Tensor complex = zeros([2], ScalarType.ComplexFloat32);

        var error = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(temp.File("model.safetensors"), new Dictionary<string, Tensor> { ["z"] = complex }));

        Assert.Contains("tensor 'z'", error.Message);
        Assert.False(File.Exists(temp.File("model.safetensors")));
    }

    [Fact]
    public void Write_TensorNamedMetadataKey_Throws()
    {
        using var temp = new TempFolder();
        using Tensor weight = zeros(1);

        var error = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(temp.File("model.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = weight }));

        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public void Write_ExistingFile_ReplacedWithNoTemporaryFileLeft()
    {
        using var temp = new TempFolder();
        string path = temp.Write("model.safetensors", "old content");
        using Tensor weight = ones(4);

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = weight });

        Assert.Equal(["model.safetensors"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        using StateDict read = SafeTensors.Read(path);
        TensorAssert.Same(weight, read["w"]);
    }

    [Fact]
    public void Write_NoTensors_ReadsBackEmpty()
    {
        using var temp = new TempFolder();
        string path = temp.File("empty.safetensors");

        SafeTensors.Write(path, new Dictionary<string, Tensor>());

        using StateDict read = SafeTensors.Read(path);
        Assert.Empty(read);
        Assert.Equal(0, new FileInfo(path).Length % 8);
    }

    [Fact]
    public void Read_EveryTruncationOfReferenceFile_InvalidDataNamingFile()
    {
        using var temp = new TempFolder();
        byte[] whole = File.ReadAllBytes(Reference);
        string path = temp.File("cut.safetensors");

        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);

            var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

            Assert.StartsWith($"{path}: ", error.Message);
        }
    }

    [Fact]
    public void Read_DataCutShort_NamesFirstTensorPastTheEndAndSaysTruncated()
    {
        using var temp = new TempFolder();
        byte[] whole = File.ReadAllBytes(Reference);
        SafeTensorsHeader header = SafeTensors.ReadHeader(Reference);
        SafeTensorsEntry cut = header.Entries.First(e => e.ByteLength > 0 && e.Begin > 0);
        string path = temp.File("cut.safetensors");
        File.WriteAllBytes(path, whole[..(int)(header.DataStart + cut.Begin + 1)]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Equal(
            $"{path}: tensor '{cut.Name}': data_offsets [{cut.Begin}, {cut.End}] run past the end of the file, whose data section holds {cut.Begin + 1} bytes: the file is truncated.",
            error.Message);
    }

    [Fact]
    public void Read_MissingFile_FileNotFound()
    {
        using var temp = new TempFolder();

        Assert.Throws<FileNotFoundException>(() => SafeTensors.Read(temp.File("absent.safetensors")));
    }

    private static Tensor RandomTensor(long[] shape, ScalarType type, int seed)
    {
        manual_seed(seed);
        return type switch
        {
            ScalarType.Bool => randint(0, 2, shape).to_type(ScalarType.Bool),
            ScalarType.Byte => randint(0, 256, shape).to_type(type),
            ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64 => randint(-100, 100, shape).to_type(type),
            _ => (randn(shape) * 1000).to_type(type),
        };
    }
}
