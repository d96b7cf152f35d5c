using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Cli;

/// <summary>The command is built for the platform it is built on: that platform's native libraries, no others.</summary>
public sealed class CliOutputTests
{
    [Fact]
    public void BuildOutput_HoldsOnePlatformsNativeLibraries_AndStaysUnder700MB()
    {
        // The command's own build, in the configuration these tests were built in (bin/Debug or bin/Release).
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string output = Path.Combine(ExternalTools.RepositoryRoot, "lib", "ToxicComments.Cli", "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "toxic.dll")), $"{output} holds no build of the command");

        long bytes = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);

        Assert.False(Directory.Exists(Path.Combine(output, "runtimes")),
            $"{output}/runtimes: native libraries of other platforms (a build from before the command was built per platform leaves them: delete that bin folder)");
        Assert.True(File.Exists(Path.Combine(output, "libtorch_cpu.so")), "the platform's own libtorch is missing");
        Assert.True(bytes < 700L << 20, $"{bytes / (1 << 20):N0} MiB");
    }
}
