using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// Reads <c>pytorch_model.bin</c>: a state dict saved with <c>torch.save(model.state_dict(), ...)</c> in PyTorch's
/// zip format (the default since PyTorch 1.6), through TorchSharp.PyBridge's unpickler. Prefer
/// <c>model.safetensors</c> (<see cref="SafeTensors"/>) when a model has both: it needs no pickle and is read with
/// one copy.
/// </summary>
/// <remarks>
/// <para>
/// What PyBridge 1.4.4 cannot read, and so neither can this: the legacy pre-1.6 format, pickled modules or
/// <c>nn.Parameter</c> objects (<c>state_dict(keep_vars=True)</c>), tensors stored as views at an offset into a larger
/// storage or with non-contiguous strides, and big-endian files. Each is refused with a message naming the file; PyBridge
/// does not say which key failed.
/// </para>
/// <para>
/// A tensor saved under two keys (tied weights) comes back as one tensor under both, as <c>torch.load</c> gives it;
/// other tensors that share a storage come back as separate copies. The tensors come back with <c>requires_grad</c> off
/// (see <see cref="StateDict"/> for loading them into a model that trains). Every zip entry's CRC-32 is checked
/// first, because neither PyBridge nor .NET's zip reader checks it.
/// </para>
/// </remarks>
public static class PyTorchCheckpoint
{
    private static readonly byte[] ZipSignature = "PK\u0003\u0004"u8.ToArray();

    /// <summary>Reads every tensor of the state dict in <paramref name="path"/> onto the CPU.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable state dict; the message names the file.</exception>
    public static StateDict Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        CheckSignature(stream, path);
        ZipChecksums.Verify(stream, path);

        // PyBridge builds tensors as it unpickles; the scope frees them if a later one fails.
        using var scope = NewDisposeScope();
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PyBridge and its pickle library report what they cannot read through many exception types (pickle
            // errors, InvalidCastException, NotImplementedException, EndOfStreamException, libtorch errors), none
            // naming the file: any failure here means this file cannot be read as a state dict.
            throw new InvalidDataException($"{path}: not a readable PyTorch state dict: {Explain(e)}", e);
        }

        var tensors = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry item in table)
        {
            if (item.Key is not string key || item.Value is not Tensor tensor)
            {
                throw new InvalidDataException(
                    $"{path}: entry '{item.Key}' is {item.Value?.GetType().Name ?? "null"}, not a tensor: this is not a plain state dict " +
                    "(a training checkpoint holds the model's state dict under a key; save model.state_dict() on its own).");
            }
            tensors.Add(key, tensor);
        }
        foreach (Tensor tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }
        return new StateDict(tensors, new Dictionary<string, string>(), path);
    }

    /// <summary>
    /// The first line of the failure (libtorch appends its C++ stack), and what to do for the two layouts PyBridge
    /// cannot rebuild: it allocates each tensor with its own contiguous storage and reads the bytes in one run.
    /// </summary>
    private static string Explain(Exception e)
    {
        string first = e.Message.Split('\n', 2)[0].Trim();
        string saveAgain = "in Python, re-save {k: v.contiguous().clone() for k, v in state_dict.items()}, or convert the model to safetensors";
        if (first.Contains("storage offset", StringComparison.Ordinal))
        {
            return $"a tensor is a view into a larger storage, which TorchSharp.PyBridge cannot read ({saveAgain}). [{e.GetType().Name}: {first}]";
        }
        if (first.Contains("non-contiguous", StringComparison.Ordinal))
        {
            return $"a tensor has non-contiguous strides, which TorchSharp.PyBridge cannot read ({saveAgain}). [{e.GetType().Name}: {first}]";
        }
        return $"{e.GetType().Name}: {first}";
    }

    private static void CheckSignature(FileStream stream, string path)
    {
        Span<byte> head = stackalloc byte[ZipSignature.Length];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == head.Length && head.SequenceEqual(ZipSignature))
        {
            return;
        }
        // torch.save's legacy format is a bare pickle stream: protocol opcode 0x80 first.
        if (read > 0 && head[0] == 0x80)
        {
            throw new InvalidDataException(
                $"{path}: saved in PyTorch's legacy (pre-1.6) format, which TorchSharp.PyBridge cannot read. " +
                "Re-save it in Python with torch.save(torch.load(path), path), or convert it to safetensors.");
        }
        throw new InvalidDataException(
            $"{path}: not a PyTorch checkpoint: it does not start with the zip signature of torch.save's format ({stream.Length} bytes).");
    }
}
