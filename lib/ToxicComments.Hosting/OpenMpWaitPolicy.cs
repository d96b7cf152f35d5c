using System.Runtime.InteropServices;

namespace ToxicComments.Hosting;

/// <summary>
/// Makes libtorch's OpenMP threads sleep, not spin, while they wait for each other. By default GNU OpenMP spins for a
/// while at every barrier; when another process holds one of the cores (a second run, a test host, a browser), every
/// barrier then waits for a thread the kernel has descheduled: the default `toxic run`, 36 s on an idle 2-core
/// machine, took 5 min 33 s with one core busy elsewhere. Sleeping costs little when the cores are free.
/// A value the user set is kept.
/// </summary>
internal static class OpenMpWaitPolicy
{
    private const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment, where OpenMP reads it when libtorch loads.</summary>
    public static void PreferPassive()
    {
        // .NET keeps its own copy of the environment on Unix: the native one, which libgomp reads, needs setenv.
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }
        _ = SetEnvironment(Variable, "PASSIVE", overwrite: 0);
    }

    // DllImport rather than LibraryImport, which would need unsafe code enabled for one call; on Unix, Ansi is UTF-8.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
