namespace ToxicComments.Runtime;

/// <summary>
/// A libtorch installed system-wide (Debian's <c>libtorch1.13</c>, which <c>python3-torch</c> brings) is found by the
/// dynamic loader before TorchSharp's own, in a notebook kernel whose probing path does not start at TorchSharp's
/// native folder. libLibTorchSharp then fails with "undefined symbol: _ZNK3c105Error4whatEv", which TorchSharp reports
/// as a missing package reference ("doesn't contain a reference to libtorch-cpu-linux-x64"): true of neither. This
/// finds such a library, so that the failure can name it and say what to do.
/// </summary>
public static class SystemLibTorch
{
    /// <summary>Where the dynamic loader looks after LD_LIBRARY_PATH on Debian and most other Linux systems.</summary>
    private static readonly string[] SystemFolders =
        ["/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib"];

    /// <summary>The folders searched: LD_LIBRARY_PATH's, then the system's.</summary>
    public static IReadOnlyList<string> Folders() =>
        [.. (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), .. SystemFolders];

    /// <summary>The first <c>libtorch_cpu.so</c> (any version suffix) in <paramref name="folders"/>, or null.</summary>
    public static string? Find(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        foreach (string folder in folders.Where(Directory.Exists))
        {
            string? found = Directory.EnumerateFiles(folder, "libtorch_cpu.so*").Order(StringComparer.Ordinal).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>
    /// The error to report for <paramref name="failure"/>, TorchSharp's failure to load its native backend: one that
    /// names the system libtorch in <paramref name="folders"/> and the fix when there is one, else null (the failure
    /// has another cause, and TorchSharp's own message stands).
    /// </summary>
    public static DllNotFoundException? Explain(Exception failure, IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(failure);
        string? library = Find(folders);
        return library is null ? null : new DllNotFoundException(
            $"TorchSharp could not load its native library because a system-wide libtorch, {library}, is found before its own. "
            + "It comes with Debian's python3-torch (libtorch1.13), whose version TorchSharp cannot use. Remove it "
            + "(sudo apt-get remove python3-torch libtorch1.13) or run where it is not installed, then restart the kernel. "
            + $"TorchSharp said: {failure.Message}", failure);
    }
}
