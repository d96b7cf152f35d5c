using System.IO.Compression;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

/// <summary>
/// The fixtures under Fixtures/pytorch were written by PyTorch 1.13's torch.save
/// (tools/pytorch-fixtures/make_checkpoints.py), so these tests read PyTorch's own zip and pickle layout.
/// </summary>
public sealed class PyTorchCheckpointTests
{
    private static readonly string Folder = Path.Combine(ExpectedTensors.Fixtures, "pytorch");

    [Fact]
    public void Read_StateDictSavedByTorch_HoldsEveryTensorsValues()
    {
        IReadOnlyList<ExpectedTensor> expected = ExpectedTensors.Load("pytorch/pytorch_model.json");

        using StateDict read = PyTorchCheckpoint.Read(Path.Combine(Folder, "pytorch_model.bin"));

        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), read.Keys);
        foreach (ExpectedTensor tensor in expected)
        {
            tensor.AssertHeldBy(read[tensor.Name]);
        }
        Assert.Empty(read.Metadata);
    }

    [Fact]
    public void Read_StateDictSavedByTorch_PlainCpuTensorsWithoutGradient()
    {
        using StateDict read = PyTorchCheckpoint.Read(Path.Combine(Folder, "pytorch_model.bin"));

        Assert.All(read.Values, t =>
        {
            Assert.False(t.requires_grad);
            Assert.Equal(TorchSharp.DeviceType.CPU, t.device_type);
            Assert.True(t.is_contiguous());
        });
    }

    [Fact]
    public void Read_TiedWeights_OneTensorUnderBothKeysAsTorchLoadGives()
    {
        using StateDict read = PyTorchCheckpoint.Read(Path.Combine(Folder, "pytorch_model.bin"));

        Assert.Same(read["embeddings.word_embeddings.weight"], read["lm_head.decoder.weight"]);
    }

    [Fact]
    public void Read_LegacyFormat_SaysSoAndNamesFile()
    {
        string path = Path.Combine(Folder, "legacy.bin");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: saved in PyTorch's legacy (pre-1.6) format, which TorchSharp.PyBridge cannot read.", error.Message);
    }

    [Fact]
    public void Read_TrainingCheckpoint_NotAPlainStateDict()
    {
        string path = Path.Combine(Folder, "training-checkpoint.bin");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: entry '", error.Message);
        Assert.Contains("not a plain state dict", error.Message);
    }

    [Fact]
    public void Read_TensorViewingStorageAtOffset_SaysPyBridgeCannotReadIt()
    {
        string path = Path.Combine(Folder, "view-at-offset.bin");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: not a readable PyTorch state dict: a tensor is a view into a larger storage, which TorchSharp.PyBridge cannot read", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_NonContiguousTensor_SaysPyBridgeCannotReadIt()
    {
        string path = Path.Combine(Folder, "transposed.bin");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: not a readable PyTorch state dict: a tensor has non-contiguous strides, which TorchSharp.PyBridge cannot read", error.Message);
    }

    [Fact]
    public void Read_PickledParameters_NotReadable()
    {
        string path = Path.Combine(Folder, "parameters.bin");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: not a readable PyTorch state dict: NotImplementedException: ", error.Message);
    }

    [Fact]
    public void Read_EveryTruncation_InvalidDataNamingFile()
    {
        using var temp = new TempFolder();
        byte[] whole = File.ReadAllBytes(Path.Combine(Folder, "pytorch_model.bin"));
        string path = temp.File("pytorch_model.bin");

        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);

            var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

            Assert.StartsWith($"{path}: ", error.Message);
            Assert.DoesNotContain('\n', error.Message);
            if (length >= 4)
            {
                Assert.StartsWith($"{path}: its zip archive is truncated or damaged (", error.Message);
            }
        }
    }

    [Fact]
    public void Read_DamagedPickle_CrcNamesTheEntry()
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, "pytorch_model.bin"));
        int pickle = IndexOf(bytes, "pytorch_model/data.pkl"u8);
        bytes.AsSpan(Array.IndexOf(bytes, (byte)0x80, pickle), 16).Fill(0xFF);
        string path = temp.File("pytorch_model.bin");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: entry 'pytorch_model/data.pkl' is damaged: its CRC-32 is 0x", error.Message);
    }

    [Fact]
    public void Read_ZipWithGarbagePickle_NotAReadableStateDict()
    {
        using var temp = new TempFolder();
        string path = temp.File("pytorch_model.bin");
        using (var archive = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using Stream pickle = archive.CreateEntry("archive/data.pkl").Open();
            pickle.Write([0x80, 0x02, 0xFF, 0xFF, 0xFF]);
        }

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: not a readable PyTorch state dict: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"not\": \"a checkpoint\"}")]
    public void Read_NotAZipFile_SaysSo(string content)
    {
        using var temp = new TempFolder();
        string path = temp.Write("pytorch_model.bin", content);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: not a PyTorch checkpoint: it does not start with the zip signature", error.Message);
    }

    [Fact]
    public void Read_SavedByPyBridge_SameTensors()
    {
        // PyBridge writing what PyBridge reads only shows the two agree; the torch-written fixtures above are the real test.
        using var temp = new TempFolder();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["classifier.weight"] = randn(6, 4),
            ["classifier.bias"] = zeros(6),
            ["position_ids"] = arange(8).unsqueeze(0),
            ["half"] = randn(3).to_type(ScalarType.Float16),
        };
        string path = temp.File("pytorch_model.bin");
        using (var stream = File.Create(path))
        {
            PyTorchPickler.PickleStateDict(stream, tensors);
        }

        using StateDict read = PyTorchCheckpoint.Read(path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), read.Keys);
        Assert.All(tensors, pair => TensorAssert.Same(pair.Value, read[pair.Key], pair.Key));
    }

    [Fact]
    public void LoadPy_PyBridgeOnAModel_TurnsGradientsOff()
    {
        // Why Read returns tensors and leaves loading to copy_: PyBridge's own load_py copies the pickle's
        // requires_grad=False onto the model's parameters, and the model would silently stop training.
        using var temp = new TempFolder();
        using var model = nn.Linear(4, 2);
        string path = temp.File("pytorch_model.bin");
        using (var stream = File.Create(path))
        {
            using var scope = NewDisposeScope();
            PyTorchPickler.PickleStateDict(stream, model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach()));
        }

        model.load_py(path);

        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Read_DamagedTensorData_NamesFileAndEntry()
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, "pytorch_model.bin"));
        // torch.save stores entries uncompressed; data/0 starts after its local header (30 bytes, name, extra field).
        int header = IndexOf(bytes, "pytorch_model/data/0"u8) - 30;
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), bytes[header..(header + 4)]);
        int data = header + 30 + BitConverter.ToUInt16(bytes, header + 26) + BitConverter.ToUInt16(bytes, header + 28);
        bytes[data] ^= 0x40;
        string path = temp.File("pytorch_model.bin");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Read(path));

        Assert.StartsWith($"{path}: entry 'pytorch_model/data/0' is damaged: its CRC-32 is 0x", error.Message);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
