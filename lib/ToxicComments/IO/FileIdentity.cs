using System.Security.Cryptography;

namespace ToxicComments.IO;

/// <summary>A file's identity for a metrics file: where it was, how big, its SHA-256, so the file names exactly what was measured.</summary>
public static class FileIdentity
{
    /// <summary><c>path</c>, <c>bytes</c> and <c>sha256</c> of <paramref name="path"/>; null when there is no such file.</summary>
    public static Dictionary<string, object?>? Describe(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        (long bytes, string sha256) = Hash(path);
        return new Dictionary<string, object?>
        {
            ["path"] = Path.GetFullPath(path),
            ["bytes"] = bytes,
            ["sha256"] = sha256,
        };
    }

    /// <summary>
    /// <c>path</c>, <c>bytes</c> and <c>sha256</c> of content already read from <paramref name="path"/>: the identity of
    /// the bytes that were used, even when the file has changed since or was a pipe that cannot be read twice.
    /// </summary>
    public static Dictionary<string, object?> Describe(string path, ReadOnlySpan<byte> content) => new()
    {
        ["path"] = path.StartsWith("embedded:", StringComparison.Ordinal) ? path : Path.GetFullPath(path),
        ["bytes"] = (long)content.Length,
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
    };

    /// <summary>The length of <paramref name="path"/> and its SHA-256 as lower-case hex, in one read.</summary>
    public static (long Bytes, string Sha256) Hash(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return (stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}
