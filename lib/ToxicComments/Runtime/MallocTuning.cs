using System.Runtime.InteropServices;

namespace ToxicComments.Runtime;

/// <summary>
/// Makes glibc's malloc, which libtorch's CPU tensors come from, keep the memory of freed tensors for the next ones
/// instead of handing it back to the kernel. By default glibc maps each block of 128 KiB or more (a bound it raises
/// as such blocks are freed, up to 32 MiB) with its own <c>mmap</c>, and returns the top of its heap once more than
/// twice that bound is free there. A training step allocates and frees hundreds of MiB of activations, so every step
/// the kernel mapped and zeroed the same memory again: at 16 × 128 tokens on a 2-core AMD EPYC, the MiniLM's forward
/// pass took 577 ms against 363 ms with blocks up to 32 MiB kept in the heap and the heap never trimmed, and the
/// forward and backward passes 1,273 ms against 1,031 ms. The process keeps its peak memory, as PyTorch's
/// caching allocators and the jemalloc or tcmalloc it recommends for CPU training do. Settings the user gave glibc
/// (<c>GLIBC_TUNABLES</c>, <c>MALLOC_*_</c> variables) are kept.
/// </summary>
internal static class MallocTuning
{
    // mallopt's parameter numbers, from glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MmapThreshold = -3;

    /// <summary>The largest block glibc allows to come from the heap rather than from a mapping of its own.</summary>
    public const int LargestHeapBlock = 32 << 20;

    /// <summary>Applies the settings unless the user tuned malloc; true if they were applied.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || UserTunedMalloc())
        {
            return false;
        }
        try
        {
            // Each call returns 1 on success; glibc ignores what it does not accept.
            return SetOption(MmapThreshold, LargestHeapBlock) == 1
                & SetOption(TrimThreshold, int.MaxValue) == 1
                & SetOption(TopPad, 64 << 20) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no mallopt)
        }
    }

    private static bool UserTunedMalloc() =>
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) == true
        || Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(name => name.StartsWith("MALLOC_", StringComparison.Ordinal) && name.EndsWith('_'));

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetOption(int parameter, int value);
}
