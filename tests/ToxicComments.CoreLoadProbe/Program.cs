using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Pipeline;

// Uses the core library as a program that only reads data would (CSV, tokenizer, recipes; no tensor), and prints,
// as JSON, what changed in the process and around it: the native environment, files in the given folders, whether
// libtorch was loaded, and whether glibc still gives freed memory back. With --apply-fixes it then applies the
// platform fixes too, so that a test can see the probe notice them.
string[] watched = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
Dictionary<string, string> environmentBefore = NativeEnvironment.Read();
Dictionary<string, (long, DateTime)> filesBefore = Files.Snapshot(watched);

int comments = EmbeddedDataset.Synthetic.Train().Count;
int pieces = OfflineModel.Tokenizer().Encode("Thanks for fixing the citation.").Length;
string recipe = Recipe.Recommended.Name;
if (args.Contains("--apply-fixes"))
{
    ApplyFixes();
}

Dictionary<string, string> environmentAfter = NativeEnvironment.Read();
Console.WriteLine(JsonSerializer.Serialize(new
{
    used = $"{comments} comments, {pieces} pieces, recipe {recipe}",
    environment_changed = environmentAfter.Where(p => !environmentBefore.TryGetValue(p.Key, out string? v) || v != p.Value).Select(p => p.Key)
        .Concat(environmentBefore.Keys.Except(environmentAfter.Keys)).Order().ToArray(),
    files_changed = Files.Snapshot(watched).Where(p => !filesBefore.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => p.Key).Order().ToArray(),
    libtorch_loaded = File.ReadLines("/proc/self/maps").Any(line => line.Contains("libtorch", StringComparison.Ordinal)),
    freed_memory_kept_mib = Malloc.KeptAfterFree(256 << 20) >> 20,
}));

[MethodImpl(MethodImplOptions.NoInlining)] // the Hosting assembly loads only if this runs
static void ApplyFixes() => ToxicComments.Hosting.PlatformFixes.Apply();

/// <summary>The process's native environment (what setenv changes and native libraries read), through libc's <c>environ</c>.</summary>
internal static class NativeEnvironment
{
    public static Dictionary<string, string> Read()
    {
        IntPtr libc = NativeLibrary.Load("libc.so.6");
        IntPtr list = Marshal.ReadIntPtr(NativeLibrary.GetExport(libc, "environ"));
        var variables = new Dictionary<string, string>();
        for (int i = 0; Marshal.ReadIntPtr(list, i * IntPtr.Size) is var entry && entry != IntPtr.Zero; i++)
        {
            string text = Marshal.PtrToStringUTF8(entry) ?? "";
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            variables[equals < 0 ? text : text[..equals]] = equals < 0 ? "" : text[(equals + 1)..];
        }
        return variables;
    }
}

/// <summary>Size and modification time of every file under the given folders.</summary>
internal static class Files
{
    public static Dictionary<string, (long, DateTime)> Snapshot(IEnumerable<string> folders) =>
        folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .ToDictionary(path => path, path => (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)));
}

/// <summary>
/// How much of a freed block glibc keeps: with its defaults, a large block is its own mapping and freeing it gives it
/// back to the system; with the library's tuning (no mappings, no trimming), the process keeps it.
/// </summary>
internal static class Malloc
{
    public static unsafe long KeptAfterFree(int bytes)
    {
        long before = ResidentBytes();
        byte* block = (byte*)NativeMemory.Alloc((nuint)bytes);
        for (int i = 0; i < bytes; i += 4096)
        {
            block[i] = 1; // touch every page, so that it is resident
        }
        NativeMemory.Free(block);
        return Math.Max(0, ResidentBytes() - before);
    }

    private static long ResidentBytes() =>
        long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
}
