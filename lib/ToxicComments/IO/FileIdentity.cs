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
        using FileStream stream = File.OpenRead(path);
        return new Dictionary<string, object?>
        {
            ["path"] = Path.GetFullPath(path),
            ["bytes"] = stream.Length,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)),
        };
    }
}
