using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// Checks the CRC-32 that a zip archive stores for each entry. torch.save writes one entry per tensor storage, and
/// .NET's zip reader does not check the CRC on read, so without this a damaged byte of tensor data would load
/// silently as a wrong weight. It reads the file once more (from the page cache, at several GB/s).
/// </summary>
internal static class ZipChecksums
{
    /// <summary>Reads every entry of the archive in <paramref name="stream"/> and compares its CRC-32.</summary>
    /// <exception cref="InvalidDataException">The archive is truncated or damaged, or an entry's data does not match its CRC; the message names the file.</exception>
    public static void Verify(Stream stream, string path)
    {
        long start = stream.Position;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            using ZipArchive archive = Open(stream, path);
            var crc = new Crc32();
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                crc.Reset();
                using Stream data = entry.Open();
                int read;
                while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
                {
                    crc.Append(buffer.AsSpan(0, read));
                }
                uint actual = crc.GetCurrentHashAsUInt32();
                if (actual != entry.Crc32)
                {
                    throw new InvalidDataException($"{path}: entry '{entry.FullName}' is damaged: its CRC-32 is 0x{actual:x8}, the archive says 0x{entry.Crc32:x8}.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stream.Position = start;
        }
    }

    private static ZipArchive Open(Stream stream, string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            // The zip directory sits at the end of the file: a cut anywhere loses it.
            throw new InvalidDataException($"{path}: its zip archive is truncated or damaged ({e.Message.TrimEnd('.')}).", e);
        }
    }
}
