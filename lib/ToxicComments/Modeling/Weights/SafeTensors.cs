using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using ToxicComments.IO;
using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// Reads and writes Hugging Face's safetensors format (<c>model.safetensors</c>): an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Files written here load in Python with <c>safetensors.torch.load_file</c> and <c>from_pretrained</c>.
/// </summary>
public static class SafeTensors
{
    /// <summary>The metadata Hugging Face's <c>save_pretrained</c> writes; <c>from_pretrained</c> refuses files without it.</summary>
    private static readonly Dictionary<string, string> PyTorchFormat = new() { ["format"] = "pt" };

    /// <summary>Reads the header of <paramref name="path"/> and checks it against the file's length, without reading any tensor.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file; the message names the file and the tensor.</exception>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        return ReadHeader(file, path);
    }

    /// <summary>
    /// Reads every tensor of <paramref name="path"/> onto the CPU. Each tensor's bytes are read from the file straight
    /// into its storage, once. Supported dtypes: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed or truncated; the message names the file and the tensor.</exception>
    public static StateDict Read(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader copies it as is and needs a little-endian machine.");
        }
        using SafeFileHandle file = File.OpenHandle(path, options: FileOptions.SequentialScan);
        SafeTensorsHeader header = ReadHeader(file, path);

        // Tensors made here are freed by the scope if a later one fails; the ones returned leave it.
        using var scope = NewDisposeScope();
        var tensors = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (SafeTensorsEntry entry in header.Entries)
        {
            tensors.Add(entry.Name, ReadTensor(file, header.DataStart, entry, path));
        }
        foreach (Tensor tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }
        return new StateDict(tensors, header.Metadata, path);
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> as Hugging Face's writer does (sorted, header
    /// padded to 8 bytes, <c>__metadata__</c> with <c>format: pt</c>), atomically: readers see the old file or the
    /// new one. Tensors on another device or not contiguous are copied to contiguous CPU memory one at a time.
    /// Tensors that share storage (tied weights) are written once per name.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">Named tensors, e.g. a module's <c>state_dict()</c>.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries, added to <c>format: pt</c>.</param>
    /// <exception cref="ArgumentException">A name is <c>__metadata__</c> or a dtype has no safetensors name (complex numbers).</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this writer copies memory as is and needs a little-endian machine.");
        }
        var allMetadata = new Dictionary<string, string>(PyTorchFormat);
        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>())
        {
            allMetadata[key] = value;
        }
        SafeTensorsHeader header = SafeTensorsHeader.Plan(tensors, allMetadata);

        AtomicFile.Write(path, stream =>
        {
            header.WriteTo(stream);
            foreach (SafeTensorsEntry entry in header.Entries)
            {
                using var scope = NewDisposeScope();
                Tensor data = tensors[entry.Name].detach().cpu().contiguous();
                TensorBytes.ForEachChunk(data, (chunk, _) => stream.Write(chunk));
            }
        });
    }

    private static SafeTensorsHeader ReadHeader(SafeFileHandle file, string path)
    {
        long fileLength = RandomAccess.GetLength(file);
        if (fileLength < sizeof(ulong))
        {
            throw new InvalidDataException(
                $"{path}: not a safetensors file: {fileLength} bytes, shorter than the 8-byte header length that starts one.");
        }
        Span<byte> lengthBytes = stackalloc byte[sizeof(ulong)];
        ReadExactly(file, lengthBytes, 0, path, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - sizeof(ulong)))
        {
            throw new InvalidDataException(
                $"{path}: the header length {headerLength} runs past the end of the file ({fileLength} bytes): the file is truncated or not a safetensors file.");
        }
        if (headerLength > SafeTensorsHeader.MaxLength)
        {
            throw new InvalidDataException(
                $"{path}: the header length {headerLength} is over the {SafeTensorsHeader.MaxLength:N0}-byte limit of safetensors readers.");
        }
        byte[] json = new byte[headerLength];
        ReadExactly(file, json, sizeof(ulong), path, "the header");
        return SafeTensorsHeader.Parse(json, path, fileLength - sizeof(ulong) - (long)headerLength);
    }

    private static Tensor ReadTensor(SafeFileHandle file, long dataStart, SafeTensorsEntry entry, string path)
    {
        Tensor tensor = empty([.. entry.Shape], entry.ScalarType, CPU);
        TensorBytes.ForEachChunk(tensor, (chunk, offset) =>
            ReadExactly(file, chunk, dataStart + entry.Begin + offset, path, $"tensor '{entry.Name}'"));
        return tensor;
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path, string what)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                // The header said the data was there when it was checked; the file shrank since.
                throw new InvalidDataException($"{path}: the file ended while reading {what}: it is truncated (or was changed while being read).");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }
}
