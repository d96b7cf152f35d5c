using ToxicComments.IO;

namespace ToxicComments.Modeling;

/// <summary>
/// safetensors has no checksum of its own, so a flipped byte in a weight changes predictions and nothing notices.
/// A saved classifier folder therefore carries <c>checksums.sha256</c>, in <c>sha256sum</c>'s format (so
/// <c>sha256sum -c checksums.sha256</c> checks it too), and loading a folder that has one checks the weights against
/// it. Folders without one (Hugging Face's own) load as before.
/// </summary>
public static class WeightChecksums
{
    /// <summary>The file's name in a model folder.</summary>
    public const string FileName = "checksums.sha256";

    private const string Weights = "model.safetensors";

    /// <summary>Records the SHA-256 of the folder's <c>model.safetensors</c>.</summary>
    public static void Write(string folder)
    {
        string hash = FileIdentity.Hash(Path.Combine(folder, Weights)).Sha256;
        AtomicFile.WriteText(Path.Combine(folder, FileName), writer => writer.Write($"{hash}  {Weights}\n"));
    }

    /// <summary>Checks every file <c>checksums.sha256</c> lists, when the folder has one.</summary>
    /// <exception cref="InvalidDataException">A file's SHA-256 differs from the recorded one, or the list is malformed.</exception>
    public static void Verify(string folder)
    {
        string list = Path.Combine(folder, FileName);
        if (!File.Exists(list))
        {
            return;
        }
        foreach (string line in File.ReadLines(list).Where(l => l.Length > 0))
        {
            string[] parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64)
            {
                throw new InvalidDataException($"{list}: '{line}' is not a sha256sum line (hash, two spaces, file name).");
            }
            string file = Path.Combine(folder, parts[1]);
            string actual = File.Exists(file) ? FileIdentity.Hash(file).Sha256 : throw new FileNotFoundException($"{list} lists {parts[1]}, which is missing.", file);
            if (!string.Equals(actual, parts[0], StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{file}: SHA-256 {actual} is not the {parts[0]} recorded when it was saved: the file is damaged or was changed (delete {FileName} if you changed it on purpose).");
            }
        }
    }
}
