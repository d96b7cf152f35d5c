using System.Runtime.InteropServices;
using ToxicComments.Hosting;

namespace ToxicComments.Tests.Runtime;

public sealed class MallocTuningTests
{
    private const int PageSize = 4096;

    [Fact]
    public void BlocksFreedAfterATrainingStep_AreReusedByTheNext_WithoutTheKernelMappingThemAgain()
    {
        _ = PlatformFixes.Describe(); // the fixes are applied, the tuning with them
        // Like a step's activations at 16 x 512 tokens: blocks above glibc's largest mmap threshold (32 MiB), freed together.
        const int blocks = 3, blockBytes = 48 << 20;
        Step(blocks, blockBytes); // the first step maps the memory

        long before = ThisThreadsPageFaults();
        for (int step = 0; step < 5; step++)
        {
            Step(blocks, blockBytes);
        }
        long faults = ThisThreadsPageFaults() - before;

        // glibc's defaults return the freed blocks to the kernel, and each step faults every page in again:
        // 5 x 144 MiB = 184,320 faults. Kept, the pages are already there.
        Assert.InRange(faults, 0, 5 * blocks * blockBytes / PageSize / 20);
    }

    private static void Step(int blocks, int blockBytes)
    {
        var pointers = new IntPtr[blocks];
        for (int i = 0; i < blocks; i++)
        {
            pointers[i] = Marshal.AllocHGlobal(blockBytes); // malloc, as libtorch's CPU allocator uses
            for (int offset = 0; offset < blockBytes; offset += PageSize)
            {
                Marshal.WriteByte(pointers[i], offset, 1);
            }
        }
        foreach (IntPtr pointer in pointers)
        {
            Marshal.FreeHGlobal(pointer);
        }
    }

    private static long ThisThreadsPageFaults()
    {
        const int rusageThread = 1;
        Assert.Equal(0, GetResourceUsage(rusageThread, out ResourceUsage usage));
        return usage.MinorFaults;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedText, UnsharedData, UnsharedStack;
        public long MinorFaults, MajorFaults;
        public long Swaps, BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);
}
