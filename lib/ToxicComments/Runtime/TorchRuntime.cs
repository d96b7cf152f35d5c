using TorchSharp;

namespace ToxicComments.Runtime;

/// <summary>What TorchSharp runs on here: versions, backend, device, threads, and what the native fix did.</summary>
/// <param name="TorchSharpVersion">The managed package's version.</param>
/// <param name="Device">The device <see cref="TorchRuntime.PickDevice"/> chose.</param>
/// <param name="CudaAvailable">Whether a CUDA backend and a GPU are usable.</param>
/// <param name="Threads">Threads libtorch uses for CPU work.</param>
/// <param name="NativeFix">What the Debian 12 fix found, one line per copy of the native library.</param>
/// <param name="Mkl">How MKL, which does libtorch's fp32 matrix products, chooses its kernels here (<see cref="MklCpuDispatch"/>).</param>
public sealed record TorchEnvironment(string TorchSharpVersion, string Device, bool CudaAvailable, int Threads, IReadOnlyList<string> NativeFix, string Mkl);

/// <summary>
/// Chooses the device at run time, never at build time: the library references only the managed TorchSharp
/// package, and whichever backend the app or notebook references (TorchSharp-cpu or TorchSharp-cuda-linux)
/// decides what is available.
/// </summary>
public static class TorchRuntime
{
    private static DllNotFoundException? backendFailure;

    /// <summary>
    /// Makes TorchSharp's native library loadable here (see <see cref="TorchNativeFix"/>). Any use of this library
    /// does it first; call this yourself only if your code touches TorchSharp before it touches this library.
    /// </summary>
    public static void Initialize() => TorchNativeFix.Apply();

    /// <summary>
    /// Loads TorchSharp's native backend (CUDA when referenced and usable, else CPU) through TorchSharp's own loader.
    /// A tensor operation does this on first use, but constructing a module does not: in a notebook kernel, where
    /// the package's native folder is not on the probing path, <c>new BertModel(...)</c> before any tensor would
    /// fail to find LibTorchSharp. Failures are left for the first real use to report, with TorchSharp's message.
    /// </summary>
    internal static void LoadBackend()
    {
        try
        {
            _ = torch.cuda.is_available();
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException)
        {
            // Reported by the first tensor or module the caller makes, or by RequireBackend when there is a better
            // explanation than TorchSharp's.
            backendFailure = SystemLibTorch.Explain(e, SystemLibTorch.Folders());
        }
    }

    /// <summary>
    /// Throws the reason the native backend did not load, when this library knows a clearer one than TorchSharp's
    /// (<see cref="SystemLibTorch"/>). The entry points that build models call it first.
    /// </summary>
    /// <exception cref="DllNotFoundException">A system-wide libtorch shadows TorchSharp's.</exception>
    public static void RequireBackend()
    {
        if (backendFailure is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// The device to use: <paramref name="requested"/> if given (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>),
    /// otherwise CUDA when a GPU backend is present, else the CPU.
    /// </summary>
    /// <exception cref="ArgumentException">CUDA was asked for but no CUDA backend or GPU is available.</exception>
    public static torch.Device PickDevice(string? requested = null)
    {
        RequireBackend();
        if (string.IsNullOrWhiteSpace(requested) || requested == "auto")
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }
        var device = new torch.Device(requested);
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
        {
            throw new ArgumentException(
                $"device '{requested}' asked for, but CUDA is not available: reference TorchSharp-cuda-linux instead of TorchSharp-cpu, on a machine with an NVIDIA GPU.");
        }
        return device;
    }

    /// <summary>A summary of the TorchSharp set-up, for notebook 00 and <c>toxic</c>'s diagnostics.</summary>
    public static TorchEnvironment Describe(string? requestedDevice = null)
    {
        IReadOnlyList<NativeFixReport> fix = TorchNativeFix.Apply();
        torch.Device device = PickDevice(requestedDevice);
        return new TorchEnvironment(
            typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            device.ToString(),
            torch.cuda.is_available(),
            torch.get_num_threads(),
            fix.Select(r => $"{r.Outcome}: {r.Path}").ToList(),
            MklCpuDispatch.Apply().Message);
    }
}
