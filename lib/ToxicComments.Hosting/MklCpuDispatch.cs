using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ToxicComments.Hosting;

/// <summary>What <see cref="MklCpuDispatch"/> found or did.</summary>
public enum MklDispatchOutcome
{
    /// <summary>Not an x64 Linux process, or libtorch (with its MKL) is not loaded: nothing to do.</summary>
    NotApplicable,

    /// <summary>An Intel CPU: MKL already picks its kernels by instruction set.</summary>
    NotNeeded,

    /// <summary>MKL now picks its kernels by instruction set on this CPU too.</summary>
    Applied,

    /// <summary>Left as shipped: the user asked for it (<c>TOXIC_KEEP_MKL_VENDOR_CHECK=1</c>).</summary>
    KeptByRequest,

    /// <summary>This MKL build's vendor check is not the one this fix knows; nothing was changed.</summary>
    Unrecognised,
}

/// <summary>What <see cref="MklCpuDispatch.Apply"/> reports, with a sentence fit for a log.</summary>
public sealed record MklDispatchReport(MklDispatchOutcome Outcome, string Message);

/// <summary>
/// Lets oneMKL, which libtorch links in for its fp32 matrix products, choose its kernels by the instructions the CPU
/// has, on AMD processors as on Intel's. MKL consults <c>mkl_serv_intel_cpu_true()</c> before it looks at the
/// instruction set; on any other vendor's CPU it keeps to its AVX2 code. On a 2-core AMD EPYC with AVX-512 that
/// halves the matrix rate: a 2048³ product ran at 178 GFLOP/s; with MKL's AVX-512 kernels, 392 GFLOP/s, and a
/// MiniLM forward pass at 14,200 tokens/s instead of 6,100. Every other stage is matrix products too.
/// <para>
/// The function keeps its answer in a static int, negative until its first call, which it then sets to 1 on an
/// Intel CPU and to 0 elsewhere. This fix stores the 1 that an Intel CPU would have stored: MKL's code is not
/// changed, and MKL still checks each instruction set (AVX-512, AVX2, ...) itself. It finds that int from the
/// function's first instruction, and only when the function starts with exactly the sequence this MKL build
/// compiles to (read the cache; return it unless negative); any other build is left alone. It must run before
/// MKL's first matrix product, when MKL settles on its kernels; <see cref="PlatformFixes.Apply"/> does it.
/// Set <c>TOXIC_KEEP_MKL_VENDOR_CHECK=1</c> to keep MKL's own choice.
/// </para>
/// </summary>
public static class MklCpuDispatch
{
    /// <summary>The environment variable that keeps MKL as shipped.</summary>
    public const string KeepVariable = "TOXIC_KEEP_MKL_VENDOR_CHECK";

    /// <summary>How many bytes of the function <see cref="CacheDisplacement"/> reads.</summary>
    public const int PrologueLength = 11;

    private const string TorchLibrary = "libtorch_cpu.so";
    private const string VendorCheck = "mkl_serv_intel_cpu_true";

    private static readonly Lock Gate = new();
    private static MklDispatchReport? applied;

    /// <summary>
    /// The answer <c>mkl_serv_intel_cpu_true</c> gives now: 1 where MKL picks kernels by instruction set, 0 where
    /// it keeps to its generic ones; null where libtorch or the function is not there.
    /// </summary>
    public static int? VendorCheckAnswer() =>
        FindVendorCheck() is { } function ? Marshal.GetDelegateForFunctionPointer<IntFunction>(function)() : null;

    /// <summary>Applies the fix once per process; later calls return the first call's report.</summary>
    public static MklDispatchReport Apply()
    {
        lock (Gate)
        {
            return applied ??= ApplyOnce();
        }
    }

    /// <summary>
    /// Where the answer is cached, as a displacement from the end of the function's first instruction, if
    /// <paramref name="prologue"/> (the function's first 11 bytes) is <c>mov eax, [rip + d]; test eax, eax; js +1; ret</c>.
    /// </summary>
    public static int? CacheDisplacement(ReadOnlySpan<byte> prologue)
    {
        ReadOnlySpan<byte> readCache = [0x8B, 0x05];                     // mov eax, [rip + d32]
        ReadOnlySpan<byte> returnUnlessNegative = [0x85, 0xC0, 0x78, 0x01, 0xC3]; // test eax, eax; js +1; ret
        return prologue.Length >= PrologueLength && prologue[..2].SequenceEqual(readCache) && prologue[6..11].SequenceEqual(returnUnlessNegative)
            ? BitConverter.ToInt32(prologue[2..6])
            : null;
    }

    private static MklDispatchReport ApplyOnce()
    {
        if (!OperatingSystem.IsLinux() || !X86Base.IsSupported || FindVendorCheck() is not { } function)
        {
            return new(MklDispatchOutcome.NotApplicable, $"no x64 {TorchLibrary} with MKL in this process");
        }
        if (Vendor() == "GenuineIntel")
        {
            return new(MklDispatchOutcome.NotNeeded, "an Intel CPU: MKL picks its kernels by instruction set");
        }
        if (Environment.GetEnvironmentVariable(KeepVariable) == "1")
        {
            return new(MklDispatchOutcome.KeptByRequest, $"MKL's vendor check kept ({KeepVariable}=1): its generic kernels on this {Vendor()} CPU");
        }
        byte[] prologue = new byte[PrologueLength];
        Marshal.Copy(function, prologue, 0, prologue.Length);
        if (CacheDisplacement(prologue) is not { } displacement)
        {
            return new(MklDispatchOutcome.Unrecognised, $"{VendorCheck} in {TorchLibrary} is not the code this fix knows; MKL left as shipped");
        }
        Marshal.WriteInt32(function + 6 + displacement, 1); // 6: the length of the mov that reads the cache
        return new(MklDispatchOutcome.Applied, $"MKL picks its kernels by instruction set on this {Vendor()} CPU, as on Intel's");
    }

    // libtorch is loaded by TorchSharp under its full path; by its soname, the loader hands back that same copy.
    private static IntPtr? FindVendorCheck() =>
        NativeLibrary.TryLoad(TorchLibrary, out IntPtr library) && NativeLibrary.TryGetExport(library, VendorCheck, out IntPtr function)
            ? function
            : null;

    private static string Vendor()
    {
        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        Span<byte> name = stackalloc byte[12];
        BitConverter.TryWriteBytes(name, ebx);
        BitConverter.TryWriteBytes(name[4..], edx);
        BitConverter.TryWriteBytes(name[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(name);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntFunction();
}
