using System.Buffers.Binary;
using System.Text;

namespace ToxicComments.Hosting;

/// <summary>A symbol version that a shared library requires from one of its dependencies (a <c>Vernaux</c> entry).</summary>
/// <param name="Library">The dependency's soname, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="IsWeak">Whether the loader only warns when the version is missing (<c>VER_FLG_WEAK</c>).</param>
/// <param name="FlagsOffset">File offset of the entry's 16-bit <c>vna_flags</c> field.</param>
public sealed record RequiredVersion(string Library, string Version, bool IsWeak, long FlagsOffset);

/// <summary>
/// Reads the GNU symbol-versioning sections of a 64-bit little-endian ELF file: the versions it requires
/// (<c>.gnu.version_r</c>) and the versions it defines (<c>.gnu.version_d</c>). Just enough ELF to decide
/// whether a native library will load against this system's libstdc++, and to mark a requirement weak.
/// </summary>
public sealed class ElfSymbolVersions
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary><c>VER_FLG_WEAK</c>: a missing version is a warning, not a load failure.</summary>
    public const ushort WeakFlag = 0x2;

    private ElfSymbolVersions(IReadOnlyList<RequiredVersion> required, IReadOnlySet<string> defined)
    {
        Required = required;
        Defined = defined;
    }

    /// <summary>Every version the file requires from its dependencies.</summary>
    public IReadOnlyList<RequiredVersion> Required { get; }

    /// <summary>Every version name the file defines (a library such as libstdc++ defines <c>GLIBCXX_*</c>).</summary>
    public IReadOnlySet<string> Defined { get; }

    /// <summary>Reads the version sections of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF file or is truncated.</exception>
    public static ElfSymbolVersions Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        try
        {
            return Parse(file);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: truncated ELF file (a section points past the end).");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }

    private static ElfSymbolVersions Parse(ReadOnlySpan<byte> file)
    {
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (file.Length < 64 || !file[..4].SequenceEqual(magic))
        {
            throw new InvalidDataException("not an ELF file.");
        }
        if (file[4] != 2 || file[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file.");
        }

        long sectionTable = checked((long)U64(file, 0x28));
        int sectionSize = U16(file, 0x3A);
        int sectionCount = U16(file, 0x3C);
        var sections = new List<Section>(sectionCount);
        for (int i = 0; i < sectionCount; i++)
        {
            int at = checked((int)(sectionTable + (long)i * sectionSize));
            sections.Add(new Section(
                Type: U32(file, at + 4),
                Offset: checked((int)U64(file, at + 0x18)),
                Size: checked((int)U64(file, at + 0x20)),
                Link: (int)U32(file, at + 0x28),
                Info: (int)U32(file, at + 0x2C)));
        }

        var required = new List<RequiredVersion>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (Section section in sections)
        {
            if (section.Type == ShtGnuVerneed)
            {
                ReadRequired(file, section, sections[section.Link], required);
            }
            else if (section.Type == ShtGnuVerdef)
            {
                ReadDefined(file, section, sections[section.Link], defined);
            }
        }
        return new ElfSymbolVersions(required, defined);
    }

    private static void ReadRequired(ReadOnlySpan<byte> file, Section verneed, Section strings, List<RequiredVersion> into)
    {
        int entry = verneed.Offset;
        for (int i = 0; i < verneed.Info; i++)
        {
            int count = U16(file, entry + 2);
            string library = CString(file, strings.Offset + (int)U32(file, entry + 4));
            int aux = entry + (int)U32(file, entry + 8);
            for (int j = 0; j < count; j++)
            {
                ushort flags = U16(file, aux + 4);
                string version = CString(file, strings.Offset + (int)U32(file, aux + 8));
                into.Add(new RequiredVersion(library, version, (flags & WeakFlag) != 0, FlagsOffset: aux + 4));
                aux += (int)U32(file, aux + 12);
            }
            entry += (int)U32(file, entry + 12);
        }
    }

    private static void ReadDefined(ReadOnlySpan<byte> file, Section verdef, Section strings, HashSet<string> into)
    {
        int entry = verdef.Offset;
        for (int i = 0; i < verdef.Info; i++)
        {
            // The first Verdaux of each Verdef names the version; later ones name its parents.
            int aux = entry + (int)U32(file, entry + 12);
            into.Add(CString(file, strings.Offset + (int)U32(file, aux)));
            entry += (int)U32(file, entry + 16);
        }
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(at, 4));

    private static ulong U64(ReadOnlySpan<byte> b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(checked((int)at), 8));

    private static string CString(ReadOnlySpan<byte> b, int at)
    {
        int length = b[at..].IndexOf((byte)0);
        if (length < 0)
        {
            throw new InvalidDataException("unterminated string in the dynamic string table.");
        }
        return Encoding.ASCII.GetString(b.Slice(at, length));
    }

    private readonly record struct Section(uint Type, int Offset, int Size, int Link, int Info);
}
