using ToxicComments.Runtime;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Runtime;

/// <summary>
/// A system-wide libtorch (Debian's python3-torch) breaks TorchSharp in notebook kernels with a misleading message.
/// Installing it here would break this machine's notebooks, so the library's folders are stood in for by temporary ones.
/// </summary>
public sealed class SystemLibTorchTests
{
    private static readonly NotSupportedException TorchSharpsMessage =
        new("This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.7.1.0.");

    [Fact]
    public void Explain_DebiansLibTorchOnTheSearchPath_NamesItAndTheFix()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("empty"));
        Directory.CreateDirectory(temp.File("lib"));
        File.WriteAllBytes(temp.File("lib/libtorch_cpu.so.1.13"), []);

        DllNotFoundException? explained = SystemLibTorch.Explain(TorchSharpsMessage, [temp.File("missing"), temp.File("empty"), temp.File("lib")]);

        Assert.NotNull(explained);
        Assert.Contains(temp.File("lib/libtorch_cpu.so.1.13"), explained.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get remove python3-torch libtorch1.13", explained.Message, StringComparison.Ordinal);
        Assert.Contains(TorchSharpsMessage.Message, explained.Message, StringComparison.Ordinal);
        Assert.Same(TorchSharpsMessage, explained.InnerException);
    }

    [Fact]
    public void Explain_NoSystemLibTorch_LeavesTorchSharpsMessage()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("libtorch.so"), []); // not libtorch_cpu

        Assert.Null(SystemLibTorch.Explain(TorchSharpsMessage, [temp.Path]));
    }

    [Fact]
    public void Find_ThisMachine_HasNoSystemLibTorch()
    {
        // The tests' own premise: with one, every notebook test would fail to load TorchSharp.
        Assert.Null(SystemLibTorch.Find(SystemLibTorch.Folders()));
    }
}
