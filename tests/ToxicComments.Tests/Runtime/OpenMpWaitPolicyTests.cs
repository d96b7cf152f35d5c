using System.Runtime.InteropServices;
using ToxicComments.Hosting;

namespace ToxicComments.Tests.Runtime;

public sealed class OpenMpWaitPolicyTests
{
    // libgomp reads the native environment when libtorch loads; .NET's own copy of it is not what it sees.
    [Fact]
    public void LoadingTheLibrary_SetsPassiveWaitingInTheNativeEnvironment_BeforeLibtorchLoads()
    {
        _ = PlatformFixes.Describe(); // the fixes are applied and libtorch is loaded

        Assert.Equal(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE", Marshal.PtrToStringUTF8(GetEnvironment("OMP_WAIT_POLICY")));
    }

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GetEnvironment(string name);
}
