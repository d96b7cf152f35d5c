using System.Text.Json.Nodes;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Runtime;

/// <summary>
/// The core library changes nothing when a program loads and uses it: the platform fixes are the hosts' to apply
/// (<c>ToxicComments.Hosting.PlatformFixes</c>). Checked in a fresh process, <c>core-load-probe</c>, which reads
/// the embedded data, tokenizes and reads a recipe, and reports its native environment, the files of the TorchSharp
/// package and the native libraries beside it (which the native fix patches), whether libtorch got loaded, and
/// whether glibc still returns freed memory.
/// </summary>
public sealed class CoreLoadTests
{
    [Fact]
    public void CoreLibrary_HasNoModuleInitializer()
    {
        Type? module = typeof(Recipe).Assembly.ManifestModule.GetType("<Module>");

        Assert.Null(module?.TypeInitializer);
    }

    [Fact]
    public void UsingTheCoreLibrary_ChangesNoVariableMallocOptionOrFile_AndLoadsNoLibTorch()
    {
        JsonObject probe = RunProbe();

        Assert.StartsWith("4000 comments", (string?)probe["used"], StringComparison.Ordinal);
        Assert.Empty(probe["environment_changed"]!.AsArray());
        Assert.Empty(probe["files_changed"]!.AsArray());
        Assert.False((bool)probe["libtorch_loaded"]!);
        Assert.True((long)probe["freed_memory_kept_mib"]! < 64, $"glibc kept {probe["freed_memory_kept_mib"]} MiB of a freed 256 MiB block");
    }

    [Fact]
    public void TheProbe_SeesWhatThePlatformFixesChange()
    {
        // The control: the same process, applying the fixes after using the library, shows them all.
        JsonObject probe = RunProbe("--apply-fixes");

        Assert.Contains("OMP_WAIT_POLICY", probe["environment_changed"]!.AsArray().Select(name => (string)name!));
        Assert.True((bool)probe["libtorch_loaded"]!);
        Assert.True((long)probe["freed_memory_kept_mib"]! >= 192, $"glibc kept only {probe["freed_memory_kept_mib"]} MiB");
    }

    private static JsonObject RunProbe(params string[] options)
    {
        string torchSharpPackage = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "torchsharp");
        // The variables the fixes set or respect are left unset, as on a machine where nobody set them.
        ExternalTools.Result result = ExternalTools.Run("env", TimeSpan.FromMinutes(2), null, null,
            ["-u", "OMP_WAIT_POLICY", "-u", "GLIBC_TUNABLES", "dotnet", Path.Combine(AppContext.BaseDirectory, "core-load-probe.dll"),
             .. options, torchSharpPackage, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }
}
