using TorchSharp;
using ToxicComments.Runtime;

namespace ToxicComments.Hosting;

/// <summary>What TorchSharp runs on here: versions, backend, device, threads, and what the fixes did.</summary>
/// <param name="TorchSharpVersion">The managed package's version.</param>
/// <param name="Device">The device <see cref="TorchRuntime.PickDevice"/> chose.</param>
/// <param name="CudaAvailable">Whether a CUDA backend and a GPU are usable.</param>
/// <param name="Threads">Threads libtorch uses for CPU work.</param>
/// <param name="NativeFix">What the Debian 12 fix found, one line per copy of the native library.</param>
/// <param name="Mkl">How MKL, which does libtorch's fp32 matrix products, chooses its kernels here (<see cref="MklCpuDispatch"/>).</param>
public sealed record TorchEnvironment(string TorchSharpVersion, string Device, bool CudaAvailable, int Threads, IReadOnlyList<string> NativeFix, string Mkl);

/// <summary>
/// The fixes this project's hosts (the <c>toxic</c> command, the tests, the notebooks' references cell, the
/// benchmarks) apply to their own process with one call, before TorchSharp or Plotly.NET is first touched. The
/// library itself changes nothing at load time: an app that references it and wants these calls
/// <see cref="Apply"/> too. Each fix is measured and explained where it is written:
/// <list type="bullet">
/// <item><see cref="FSharpCoreRedirect"/>: Plotly.NET 6 in notebook kernels that ship an older FSharp.Core.</item>
/// <item><see cref="TorchNativeFix"/>: TorchSharp's native library on glibc 2.36 (Debian 12), patched in place.</item>
/// <item><see cref="OpenMpWaitPolicy"/>: libtorch's threads sleep instead of spinning when another process holds a core.</item>
/// <item><see cref="MallocTuning"/>: glibc keeps freed tensor memory instead of returning it to the system.</item>
/// <item><see cref="MklCpuDispatch"/>: MKL's fast kernels on AMD processors (after libtorch loads).</item>
/// </list>
/// </summary>
public static class PlatformFixes
{
    private static readonly Lock Gate = new();
    private static bool applied;

    /// <summary>Applies every fix, once per process (later calls do nothing), and loads TorchSharp's native backend.</summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (applied)
            {
                return;
            }
            applied = true;
            FSharpCoreRedirect.Install();
            TorchNativeFix.Apply();
            OpenMpWaitPolicy.PreferPassive();
            MallocTuning.KeepFreedMemory();
            // In a notebook kernel, where the package's native folder is not on the probing path, constructing a
            // module before any tensor would fail to find LibTorchSharp: load it through TorchSharp's own loader now.
            TorchRuntime.LoadBackend();
            MklCpuDispatch.Apply(); // after libtorch loads, before its first matrix product
        }
    }

    /// <summary>A summary of the TorchSharp set-up, for notebook 00 and diagnostics; applies the fixes first.</summary>
    public static TorchEnvironment Describe(string? requestedDevice = null)
    {
        Apply();
        IReadOnlyList<NativeFixReport> fix = TorchNativeFix.Apply();
        torch.Device device = TorchRuntime.PickDevice(requestedDevice);
        return new TorchEnvironment(
            typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            device.ToString(),
            torch.cuda.is_available(),
            torch.get_num_threads(),
            fix.Select(r => $"{r.Outcome}: {r.Path}").ToList(),
            MklCpuDispatch.Apply().Message);
    }
}
