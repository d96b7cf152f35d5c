using System.Globalization;

namespace ToxicComments.IO;

/// <summary>Another process holds the run folder (see <see cref="RunFolderLock"/>).</summary>
public sealed class RunFolderInUseException(string message) : IOException(message);

/// <summary>
/// One process at a time in a run folder: an operating-system lock on <c>.lock</c> in the folder, taken before the
/// run writes anything and released however the process ends (the kernel drops it, so a killed run never blocks the
/// next). Without it, two runs with the same <c>--out</c> rewrite each other's split and checkpoints, and one run's test
/// rows leak into the other's training. The holder's process id is kept in <c>.lock.pid</c>, for the message a
/// second process gets.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    private const string LockFile = ".lock";
    private const string HolderFile = ".lock.pid";

    private readonly FileStream stream;
    private readonly string? createdFrom;

    private RunFolderLock(string folder, FileStream stream, string? createdFrom)
    {
        Folder = folder;
        this.stream = stream;
        this.createdFrom = createdFrom;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>Takes the lock on <paramref name="folder"/>, creating the folder if needed; fails at once if it is held.</summary>
    /// <exception cref="RunFolderInUseException">Another process holds it.</exception>
    public static RunFolderLock Acquire(string folder)
    {
        string? created = OutermostMissing(Path.GetFullPath(folder));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, LockFile);
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Linux and macOS, a share-mode lock on Windows.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            string holder = File.Exists(Path.Combine(folder, HolderFile)) ? File.ReadAllText(Path.Combine(folder, HolderFile)).Trim() : "unknown";
            throw new RunFolderInUseException(
                $"{folder}: another toxic process (pid {holder}) is running in this folder; wait for it to end, or choose another --out.");
        }
        File.WriteAllText(Path.Combine(folder, HolderFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new RunFolderLock(folder, stream, created);
    }

    /// <summary>
    /// Releases the lock. When the run wrote nothing (bad input stopped it), the folders the lock created are removed
    /// again, so that a refused run leaves no trace.
    /// </summary>
    public void Dispose()
    {
        File.Delete(Path.Combine(Folder, HolderFile));
        // The lock file stays: deleting it would let a third process lock a new file while a second still waits on
        // the old one.
        stream.Dispose();
        if (createdFrom is null || Directory.EnumerateFileSystemEntries(Folder).Any(entry => Path.GetFileName(entry) != LockFile))
        {
            return;
        }
        File.Delete(Path.Combine(Folder, LockFile));
        // Innermost first, and only while empty: another process may have written beside us meanwhile.
        for (string? at = Path.GetFullPath(Folder); at is not null && at.Length >= createdFrom.Length; at = Path.GetDirectoryName(at))
        {
            if (Directory.EnumerateFileSystemEntries(at).Any())
            {
                return;
            }
            Directory.Delete(at);
        }
    }

    // The outermost folder on the way to `folder` that does not exist yet (null when `folder` exists).
    private static string? OutermostMissing(string folder)
    {
        string? missing = null;
        for (string? at = folder; at is not null && !Directory.Exists(at); at = Path.GetDirectoryName(at))
        {
            missing = at;
        }
        return missing;
    }
}
