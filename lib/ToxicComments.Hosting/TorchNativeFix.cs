namespace ToxicComments.Hosting;

/// <summary>What <see cref="TorchNativeFix"/> found or did for one copy of TorchSharp's native library.</summary>
public enum NativeFixOutcome
{
    /// <summary>The system's libstdc++ has every version the file asks for: nothing to do.</summary>
    NotNeeded,

    /// <summary>The file asked for a version the system lacks, and that requirement was made optional.</summary>
    Patched,

    /// <summary>The file asks for versions the system lacks that are not known to be safe to relax, or it could not be written.</summary>
    CannotFix,
}

/// <summary>One file's result, with a sentence fit for a log.</summary>
public sealed record NativeFixReport(string Path, NativeFixOutcome Outcome, string Message);

/// <summary>
/// Makes TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> loadable on systems whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04). The library requires <c>GLIBCXX_3.4.32</c> for a single symbol,
/// <c>std::ios_base_library_init</c>, a marker that GCC 13's <c>&lt;iostream&gt;</c> references but no relocation
/// uses. Flagging that one requirement <c>VER_FLG_WEAK</c> turns the loader's refusal into a warning; nothing else
/// in the file changes. Systems that have the version are left untouched, and so are requirements on any other
/// missing version: relaxing those could defer a real failure to a crash at run time.
/// </summary>
public static class TorchNativeFix
{
    /// <summary>The native library TorchSharp P/Invokes into.</summary>
    public const string NativeLibraryFileName = "libLibTorchSharp.so";

    private const string LibStdCxx = "libstdc++.so.6";

    /// <summary>Versions known to be required for link-time markers only, never for a symbol that is called.</summary>
    private static readonly HashSet<string> SafeToRelax = new(StringComparer.Ordinal) { "GLIBCXX_3.4.32" };

    private static readonly Lock Gate = new();
    private static IReadOnlyList<NativeFixReport>? applied;

    /// <summary>
    /// Checks, and where needed patches, every copy of the native library this process may load: next to the
    /// app, and inside the NuGet package that TorchSharp.dll was loaded from (the copy a notebook kernel uses).
    /// Runs once per process; later calls return the first call's reports. Must run before TorchSharp's
    /// <c>torch</c> type is first touched; <see cref="PlatformFixes.Apply"/> does so first.
    /// </summary>
    public static IReadOnlyList<NativeFixReport> Apply()
    {
        lock (Gate)
        {
            if (applied is null)
            {
                applied = ApplyOnce();
                foreach (NativeFixReport report in applied.Where(r => r.Outcome != NativeFixOutcome.NotNeeded))
                {
                    Console.Error.WriteLine($"ToxicComments: {report.Message}");
                }
            }
            return applied;
        }
    }

    /// <summary>Checks one file against the given system versions and patches it if that is safe and needed.</summary>
    public static NativeFixReport FixFile(string path, IReadOnlySet<string> systemLibStdCxxVersions)
    {
        ElfSymbolVersions elf = ElfSymbolVersions.Read(path);
        List<RequiredVersion> missing = elf.Required
            .Where(r => r.Library == LibStdCxx && !r.IsWeak && !systemLibStdCxxVersions.Contains(r.Version))
            .ToList();
        if (missing.Count == 0)
        {
            return new NativeFixReport(path, NativeFixOutcome.NotNeeded, $"{path} loads against this system's {LibStdCxx}.");
        }

        string names = string.Join(", ", missing.Select(m => m.Version));
        List<RequiredVersion> unsafeToRelax = missing.Where(m => !SafeToRelax.Contains(m.Version)).ToList();
        if (unsafeToRelax.Count > 0)
        {
            return new NativeFixReport(path, NativeFixOutcome.CannotFix,
                $"{path} needs {string.Join(", ", unsafeToRelax.Select(m => m.Version))} from {LibStdCxx}, which this system lacks; "
                + "install a newer libstdc++ (GCC 13 or later).");
        }

        try
        {
            MarkWeak(path, missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new NativeFixReport(path, NativeFixOutcome.CannotFix, $"{path} needs {names}, but could not be patched: {e.Message}");
        }
        return new NativeFixReport(path, NativeFixOutcome.Patched,
            $"marked {names} optional in {path} (this system's {LibStdCxx} lacks it; only a link-time marker uses it).");
    }

    /// <summary>The versions defined by the libstdc++ this process has loaded (the .NET runtime itself links it).</summary>
    public static IReadOnlySet<string>? LoadedLibStdCxxVersions()
    {
        string? loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault();
        return loaded is null ? null : ElfSymbolVersions.Read(loaded).Defined;
    }

    /// <summary>
    /// The places a copy of the native library can sit: next to TorchSharp.dll and the app, in the folders
    /// TorchSharp consolidates native files into (<c>cpu/</c>, <c>cuda/</c>), and in the NuGet package, which
    /// notebook kernels load from and TorchSharp copies from when it consolidates.
    /// </summary>
    public static IEnumerable<string> CandidatePaths(string torchSharpAssemblyDirectory, string appBaseDirectory, string? nugetPackageRoot)
    {
        string[] roots = [torchSharpAssemblyDirectory, appBaseDirectory];
        // In a NuGet package TorchSharp.dll sits in lib/<tfm>/; the native file in runtimes/<rid>/native/.
        string loadedFromPackage = Path.GetFullPath(Path.Combine(torchSharpAssemblyDirectory, "..", ".."));
        string[] packageRoots = nugetPackageRoot is null ? [loadedFromPackage] : [loadedFromPackage, nugetPackageRoot];
        IEnumerable<string> folders = roots
            .SelectMany(root => new[] { root, Path.Combine(root, "cpu"), Path.Combine(root, "cuda") })
            .Concat(roots.Concat(packageRoots).SelectMany(NativeFolders));
        return folders
            .Select(folder => Path.GetFullPath(Path.Combine(folder, NativeLibraryFileName)))
            .Distinct(StringComparer.Ordinal)
            .Where(File.Exists);

        static IEnumerable<string> NativeFolders(string root)
        {
            string runtimes = Path.Combine(root, "runtimes");
            return Directory.Exists(runtimes)
                ? Directory.EnumerateDirectories(runtimes, "linux-*").Select(rid => Path.Combine(rid, "native"))
                : [];
        }
    }

    private static List<NativeFixReport> ApplyOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }
        IReadOnlySet<string>? system = LoadedLibStdCxxVersions();
        if (system is null)
        {
            return [];
        }
        System.Reflection.Assembly torchSharp = typeof(TorchSharp.torch).Assembly;
        string torchSharpDirectory = Path.GetDirectoryName(torchSharp.Location) ?? AppContext.BaseDirectory;
        return CandidatePaths(torchSharpDirectory, AppContext.BaseDirectory, NuGetPackageRoot(torchSharp.GetName().Version))
            .Select(path => FixFile(path, system))
            .ToList();
    }

    private static string? NuGetPackageRoot(Version? torchSharpVersion)
    {
        if (torchSharpVersion is null)
        {
            return null;
        }
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(cache, "torchsharp", torchSharpVersion.ToString(3));
    }

    // Written beside the original and renamed over it, so a reader never sees a half-written library.
    private static void MarkWeak(string path, IEnumerable<RequiredVersion> requirements)
    {
        byte[] bytes = File.ReadAllBytes(path);
        foreach (RequiredVersion requirement in requirements)
        {
            bytes[requirement.FlagsOffset] |= (byte)ElfSymbolVersions.WeakFlag;
        }
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        }
        File.Move(temporary, path, overwrite: true);
    }
}
