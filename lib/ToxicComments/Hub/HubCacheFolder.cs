using ToxicComments.IO;

namespace ToxicComments.Hub;

/// <summary>
/// One repository's folder in Hugging Face's cache, laid out as <c>huggingface_hub</c> lays it out so that Python
/// and .NET share downloads:
/// <code>
/// models--{org}--{name}/
///   blobs/{etag}                        the content, named by its git sha1 or (LFS) sha256
///   snapshots/{commit}/{file}           a relative symlink to the blob: ../../blobs/{etag}
///   refs/{revision}                     the commit a branch or tag pointed to when last downloaded
/// </code>
/// </summary>
public sealed class HubCacheFolder
{
    private const string IncompleteSuffix = ".incomplete";

    /// <summary>The folder of <paramref name="repoId"/> (<c>org/name</c>) in the cache at <paramref name="cacheDirectory"/>.</summary>
    public HubCacheFolder(string cacheDirectory, string repoId)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        RepoId = repoId;
        Path = System.IO.Path.Combine(cacheDirectory, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));
    }

    public string RepoId { get; }

    /// <summary>The repository's folder, <c>models--{org}--{name}</c>.</summary>
    public string Path { get; }

    public string BlobPath(string etag) => System.IO.Path.Combine(Path, "blobs", Segment(etag, "etag"));

    /// <summary>Where a blob is written until it is complete and verified; its length is where a resume starts.</summary>
    public string IncompletePath(string etag) => BlobPath(etag) + IncompleteSuffix;

    public string SnapshotFolder(string commit) => System.IO.Path.Combine(Path, "snapshots", Segment(commit, "commit"));

    public string SnapshotFile(string commit, string fileName) =>
        System.IO.Path.Combine(SnapshotFolder(commit), RelativePath(fileName, "file name"));

    public string RefPath(string revision) => System.IO.Path.Combine(Path, "refs", RelativePath(revision, "revision"));

    /// <summary>The snapshot folder that <paramref name="revision"/> (a branch, a tag or a commit) names, or null.</summary>
    public string? FindSnapshot(string revision)
    {
        string refPath = RefPath(revision);
        string commit = File.Exists(refPath) ? File.ReadAllText(refPath).Trim() : revision;
        if (commit.Length == 0 || commit.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }
        string folder = SnapshotFolder(commit);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Records that <paramref name="revision"/> points to <paramref name="commit"/>, as huggingface_hub does (no newline).</summary>
    public void WriteRef(string revision, string commit)
    {
        Segment(commit, "commit");
        AtomicFile.WriteText(RefPath(revision), writer => writer.Write(commit));
    }

    /// <summary>Puts <paramref name="fileName"/> into the snapshot of <paramref name="commit"/> as a link to its blob.</summary>
    public void LinkSnapshotFile(string commit, string fileName, string etag)
    {
        string link = SnapshotFile(commit, fileName);
        string blob = BlobPath(etag);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(link)!);
        // A link whose blob was deleted reads as missing; it is replaced, not kept beside the new one.
        File.Delete(link);
        try
        {
            // Relative, as huggingface_hub makes it: the cache folder stays valid when moved or mounted elsewhere.
            File.CreateSymbolicLink(link, System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(link)!, blob));
        }
        catch (Exception e) when (OperatingSystem.IsWindows() && e is IOException or UnauthorizedAccessException)
        {
            // Windows without developer mode may not create symlinks; huggingface_hub then keeps a copy too.
            File.Copy(blob, link);
        }
    }

    // Names that come from a server (etag, commit) or the user (revision) become paths: none may leave the cache.
    private string Segment(string value, string what) =>
        value.Length > 0 && value != "." && value != ".." && value.IndexOfAny(['/', '\\', '\0']) < 0
            ? value
            : throw new HubException($"{RepoId}: unusable {what} '{value}': it cannot name a file in the cache.");

    private string RelativePath(string value, string what)
    {
        foreach (string part in value.Split('/'))
        {
            Segment(part, what);
        }
        return value.Replace('/', System.IO.Path.DirectorySeparatorChar);
    }
}
