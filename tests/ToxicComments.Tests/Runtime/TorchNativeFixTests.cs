using System.Buffers.Binary;
using ToxicComments.Hosting;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Runtime;

public sealed class TorchNativeFixTests
{
    private const string MarkerVersion = "GLIBCXX_3.4.32";

    private static string ShippedLibrary =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", TorchNativeFix.NativeLibraryFileName);

    [Fact]
    public void TorchOp_OnCpu_MatchesHandComputedProduct()
    {
        // The real native library, loaded by this process: the fix must have made that possible on Debian 12.
        using Tensor a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);
        using Tensor b = tensor(new float[] { 1, 0, 0, 1, 1, 1 }).reshape(3, 2);
        using Tensor product = a.matmul(b);

        Assert.Equal(new float[] { 4, 5, 10, 11 }, product.data<float>().ToArray());
        Assert.Equal(TorchSharp.DeviceType.CPU, product.device_type);
    }

    [Fact]
    public void FixFile_MarkerVersionMissingOnSystem_MarksOnlyThatRequirementWeak()
    {
        using var temp = new TempFolder();
        string library = PristineCopy(temp);
        byte[] before = File.ReadAllBytes(library);
        IReadOnlySet<string> system = SystemWithout(library, MarkerVersion);

        NativeFixReport report = TorchNativeFix.FixFile(library, system);

        Assert.Equal(NativeFixOutcome.Patched, report.Outcome);
        Assert.Contains(MarkerVersion, report.Message);
        byte[] after = File.ReadAllBytes(library);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        RequiredVersion marker = ElfSymbolVersions.Read(library).Required.Single(r => r.Version == MarkerVersion);
        Assert.Equal([(int)marker.FlagsOffset], changed);
        Assert.True(marker.IsWeak);
        Assert.All(ElfSymbolVersions.Read(library).Required.Where(r => r.Version != MarkerVersion), r => Assert.False(r.IsWeak));
    }

    [Fact]
    public void FixFile_RunTwice_SecondRunChangesNothing()
    {
        using var temp = new TempFolder();
        string library = PristineCopy(temp);
        IReadOnlySet<string> system = SystemWithout(library, MarkerVersion);
        TorchNativeFix.FixFile(library, system);
        byte[] patched = File.ReadAllBytes(library);

        NativeFixReport second = TorchNativeFix.FixFile(library, system);

        Assert.Equal(NativeFixOutcome.NotNeeded, second.Outcome);
        Assert.Equal(patched, File.ReadAllBytes(library));
    }

    [Fact]
    public void FixFile_SystemHasEveryVersion_LeavesFileUntouched()
    {
        using var temp = new TempFolder();
        string library = PristineCopy(temp);
        byte[] before = File.ReadAllBytes(library);

        NativeFixReport report = TorchNativeFix.FixFile(library, SystemWithout(library));

        Assert.Equal(NativeFixOutcome.NotNeeded, report.Outcome);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void FixFile_AnotherVersionMissing_RefusesAndLeavesFileUntouched()
    {
        using var temp = new TempFolder();
        string library = PristineCopy(temp);
        byte[] before = File.ReadAllBytes(library);

        NativeFixReport report = TorchNativeFix.FixFile(library, SystemWithout(library, MarkerVersion, "GLIBCXX_3.4.30"));

        Assert.Equal(NativeFixOutcome.CannotFix, report.Outcome);
        Assert.Contains("GLIBCXX_3.4.30", report.Message);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void LoadedLibStdCxxVersions_ThisProcess_DefinesTheBaseVersion()
    {
        IReadOnlySet<string>? versions = TorchNativeFix.LoadedLibStdCxxVersions();

        Assert.NotNull(versions);
        Assert.Contains("GLIBCXX_3.4", versions);
    }

    [Fact]
    public void CandidatePaths_NotebookKernelLayout_FindsPackageAndConsolidatedCopies()
    {
        // A notebook kernel loads TorchSharp.dll from the NuGet cache: <package>/lib/net8.0/TorchSharp.dll.
        using var temp = new TempFolder();
        string package = Path.Combine(temp.Path, "torchsharp", "0.107.0");
        string assemblyFolder = Path.Combine(package, "lib", "net8.0");
        string native = Path.Combine(package, "runtimes", "linux-x64", "native", TorchNativeFix.NativeLibraryFileName);
        string consolidated = Path.Combine(assemblyFolder, "cpu", TorchNativeFix.NativeLibraryFileName);
        foreach (string file in new[] { native, consolidated })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, [0]);
        }
        string app = Path.Combine(temp.Path, "app");
        Directory.CreateDirectory(app);

        string[] found = TorchNativeFix.CandidatePaths(assemblyFolder, app, nugetPackageRoot: null).Order().ToArray();

        Assert.Equal(new[] { native, consolidated }.Order(), found);
    }

    [Fact]
    public void Read_NotAnElfFile_ThrowsNamingTheFile()
    {
        using var temp = new TempFolder();
        string path = temp.Write("libLibTorchSharp.so", "not a library");

        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.Read(path));

        Assert.Contains(path, error.Message);
    }

    /// <summary>A copy of the shipped library with the marker requirement as TorchSharp ships it (not weak).</summary>
    private static string PristineCopy(TempFolder temp)
    {
        string copy = temp.File(TorchNativeFix.NativeLibraryFileName);
        File.Copy(ShippedLibrary, copy);
        RequiredVersion marker = ElfSymbolVersions.Read(copy).Required.Single(r => r.Version == MarkerVersion);
        byte[] bytes = File.ReadAllBytes(copy);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)marker.FlagsOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)marker.FlagsOffset), (ushort)(flags & ~ElfSymbolVersions.WeakFlag));
        File.WriteAllBytes(copy, bytes);
        Assert.False(ElfSymbolVersions.Read(copy).Required.Single(r => r.Version == MarkerVersion).IsWeak);
        return copy;
    }

    /// <summary>A system libstdc++ that defines everything the library asks for, except <paramref name="missing"/>.</summary>
    private static HashSet<string> SystemWithout(string library, params string[] missing) =>
        ElfSymbolVersions.Read(library).Required
            .Where(r => r.Library == "libstdc++.so.6")
            .Select(r => r.Version)
            .Except(missing)
            .ToHashSet();
}
