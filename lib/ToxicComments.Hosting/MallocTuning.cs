using System.Runtime.InteropServices;

namespace ToxicComments.Hosting;

/// <summary>
/// Makes glibc's malloc, which libtorch's CPU tensors come from, keep the memory of freed tensors for the next ones
/// instead of handing it back to the kernel. By default glibc maps each block of 128 KiB or more (a bound it raises
/// as such blocks are freed, up to 32 MiB) with an <c>mmap</c> of its own, unmapped when freed, and returns the top
/// of its heap once more than twice that bound is free there. A training step allocates and frees hundreds of MiB
/// of activations, so every step the kernel mapped and zeroed the same memory again, page by page. On a 2-core AMD
/// EPYC virtual machine, where a page fault costs about 10 µs, the MiniLM's forward and backward passes took:
/// <list type="bullet">
/// <item>at 16 × 128 tokens, 835 to 870 ms; 524 to 560 ms as set here;</item>
/// <item>at 16 × 512 tokens (the tutorial's padding; each layer's attention probabilities are a 201 MiB tensor),
/// 39 s, with 9.8 million page faults in 3 steps; 6 to 10 s as set here.</item>
/// </list>
/// So every block comes from the heap (no <c>mmap</c> of its own; glibc still maps memory when the heap cannot
/// grow), and the heap keeps what is freed: the process keeps its peak memory, as PyTorch's caching allocators, and
/// the jemalloc or tcmalloc its CPU tuning guide recommends, do. Settings the user gave glibc (<c>GLIBC_TUNABLES</c>,
/// <c>MALLOC_*_</c> variables) are kept.
/// One more setting helps and cannot be made here: transparent huge pages for the heap (<c>glibc.malloc.hugetlb=1</c>,
/// glibc 2.35 and later) are a tunable glibc reads only at start-up. The <c>toxic</c> script sets it, with the three
/// settings above as tunables; in a scratch run of two epochs of MiniLM on 480 real comments (up to 512 tokens), the
/// first epoch took 39.7 s with these settings alone and 20.9 s with huge pages too, with 2.1 million page faults
/// against 0.16 million for the whole process; the second epoch 15.5 s and 13.9 s.
/// </summary>
internal static class MallocTuning
{
    // mallopt's parameter numbers, from glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MmapMax = -4;

    /// <summary>Applies the settings unless the user tuned malloc; true if they were applied.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || UserTunedMalloc())
        {
            return false;
        }
        try
        {
            // Each call returns 1 on success. Blocks freed in other threads' arenas go back to their own heaps, which
            // glibc trims by the same threshold.
            return SetOption(MmapMax, 0) == 1
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
