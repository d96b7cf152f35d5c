using TorchSharp;

namespace ToxicComments.Runtime;

/// <summary>
/// Chooses the device at run time, never at build time: the library references only the managed TorchSharp
/// package, and whichever backend the app or notebook references (TorchSharp-cpu or TorchSharp-cuda-linux)
/// decides what is available. Nothing here runs when the library loads; hosts that want this project's platform
/// fixes apply them themselves (<c>ToxicComments.Hosting.PlatformFixes.Apply</c>).
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool loaded;
    private static DllNotFoundException? backendFailure;

    /// <summary>
    /// Loads TorchSharp's native backend (CUDA when referenced and usable, else CPU) through TorchSharp's own loader,
    /// once. A tensor operation does this on first use, but constructing a module does not. A failure is kept for
    /// <see cref="RequireBackend"/> when this library can explain it better than TorchSharp (<see cref="SystemLibTorch"/>);
    /// otherwise the first tensor or module the caller makes reports it, with TorchSharp's message.
    /// </summary>
    public static void LoadBackend()
    {
        lock (Gate)
        {
            if (loaded)
            {
                return;
            }
            loaded = true;
            try
            {
                _ = torch.cuda.is_available();
            }
            catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException)
            {
                backendFailure = SystemLibTorch.Explain(e, SystemLibTorch.Folders());
            }
        }
    }

    /// <summary>
    /// Loads the native backend (<see cref="LoadBackend"/>) and throws the reason it did not load when this library
    /// knows a clearer one than TorchSharp's. The entry points that build models call it first.
    /// </summary>
    /// <exception cref="DllNotFoundException">A system-wide libtorch shadows TorchSharp's.</exception>
    public static void RequireBackend()
    {
        LoadBackend();
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
}
