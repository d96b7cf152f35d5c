namespace ToxicComments.IO;

/// <summary>
/// Replaces a folder of files as a whole: the new files are written into a hidden sibling folder, which is renamed
/// into place only once complete. A crash while writing leaves the previous folder as it was; readers never see a
/// mix of old and new files. (Between the two renames the folder is briefly absent; the old one is then kept as
/// <c>.name.old-*</c> until the new one is in place.)
/// </summary>
public static class AtomicFolder
{
    /// <summary>Writes <paramref name="folder"/> anew through <paramref name="write"/>, which gets the folder to fill.</summary>
    public static void Replace(string folder, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        string temporary = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        string old = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            write(temporary);
            if (Directory.Exists(full))
            {
                Directory.Move(full, old);
            }
            Directory.Move(temporary, full);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }
}
