using System.Runtime.InteropServices;
using ToxicComments.Hosting;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Runtime;

public sealed class MklCpuDispatchTests
{
    // mkl_serv_intel_cpu_true's first bytes in TorchSharp 0.107's libtorch_cpu.so (objdump -d):
    // mov eax, [rip + 0x0998671A]; test eax, eax; js +1; ret
    private static readonly byte[] ShippedPrologue = [0x8B, 0x05, 0x1A, 0x67, 0x98, 0x09, 0x85, 0xC0, 0x78, 0x01, 0xC3];

    [Fact]
    public void CacheDisplacement_OfTheShippedVendorCheck_IsTheOffsetItReadsItsAnswerFrom()
    {
        Assert.Equal(0x0998671A, MklCpuDispatch.CacheDisplacement(ShippedPrologue));
    }

    [Theory]
    [InlineData(new byte[] { 0x8B, 0x05, 0xAE, 0x66, 0x98, 0x09, 0x83, 0xF8, 0xFF, 0x74, 0x01 })] // mkl_serv_intel_cpu: compares with -1 instead
    [InlineData(new byte[] { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3, 0x90, 0x90, 0x90, 0x90, 0x90 })] // mov eax, 1; ret
    [InlineData(new byte[] { 0x8B, 0x05, 0x1A, 0x67, 0x98, 0x09, 0x85, 0xC0, 0x78, 0x01 })]       // cut short
    public void CacheDisplacement_OfAnyOtherCode_IsNone(byte[] prologue)
    {
        Assert.Null(MklCpuDispatch.CacheDisplacement(prologue));
    }

    [Fact]
    public void TheLibtorchThatShips_HasTheVendorCheckThisFixKnows()
    {
        // An upgrade of TorchSharp that recompiled MKL differently would turn the fix off without a word: this says so.
        _ = PlatformFixes.Describe();
        Assert.True(NativeLibrary.TryLoad("libtorch_cpu.so", out IntPtr library));
        byte[] prologue = new byte[MklCpuDispatch.PrologueLength];
        Marshal.Copy(NativeLibrary.GetExport(library, "mkl_serv_intel_cpu_true"), prologue, 0, prologue.Length);

        Assert.NotNull(MklCpuDispatch.CacheDisplacement(prologue));
    }

    [Fact]
    public void OnceTheLibraryIsLoaded_MklChoosesItsKernelsByInstructionSet()
    {
        _ = PlatformFixes.Describe();

        // 1 on Intel's CPUs as shipped, and on others because of the fix (MKL's own answer there is 0).
        Assert.Equal(1, MklCpuDispatch.VendorCheckAnswer());
        Assert.Contains(MklCpuDispatch.Apply().Outcome, new[] { MklDispatchOutcome.Applied, MklDispatchOutcome.NotNeeded });
    }

    [Fact]
    public void MatrixProducts_WithTheKernelsMklChose_MatchADoublePrecisionProduct()
    {
        // Shapes of a MiniLM feed-forward layer at 300 tokens, through the same GEMM the model uses.
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7);
        Tensor a = randn([300, 384], generator: generator), b = randn([1536, 384], generator: generator);

        Tensor single = nn.functional.linear(a, b);
        Tensor reference = a.to(ScalarType.Float64).matmul(b.to(ScalarType.Float64).T);

        double error = (single.to(ScalarType.Float64) - reference).abs().max().item<double>();
        Assert.InRange(error, 0, 1e-4 * reference.abs().max().item<double>());
    }
}
