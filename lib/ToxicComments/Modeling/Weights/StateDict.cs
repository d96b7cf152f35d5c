using System.Collections;
using System.Diagnostics.CodeAnalysis;
using static TorchSharp.torch;

namespace ToxicComments.Modeling.Weights;

/// <summary>
/// Named tensors read from a weights file, keyed as Hugging Face names them
/// (<c>distilbert.transformer.layer.0.attention.q_lin.weight</c>). Owns its tensors: they belong to no dispose
/// scope, and <see cref="Dispose"/> frees them all. Keys enumerate in ordinal order.
/// </summary>
/// <remarks>
/// The tensors are plain CPU data with <c>requires_grad</c> off, like the values of PyTorch's
/// <c>state_dict()</c>. Copy them into a model's parameters under <c>torch.no_grad()</c> (as
/// <c>Module.load_state_dict</c> does): the parameters keep their own <c>requires_grad</c>, so the model trains.
/// Do not make them parameters themselves, and do not use TorchSharp.PyBridge's <c>load_py</c> on a model to be
/// trained: it sets each parameter's <c>requires_grad</c> to the flag stored in the pickle, which is false in every
/// file saved from a <c>state_dict()</c>.
/// </remarks>
public sealed class StateDict : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly SortedDictionary<string, Tensor> _tensors;

    internal StateDict(SortedDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata, string source)
    {
        _tensors = tensors;
        Metadata = metadata;
        Source = source;
    }

    /// <summary>The file the tensors came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Free-form metadata stored with the tensors (safetensors' <c>__metadata__</c>); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc/>
    public int Count => _tensors.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _tensors.Keys;

    /// <inheritdoc/>
    public IEnumerable<Tensor> Values => _tensors.Values;

    /// <summary>The tensor named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message names the file.</exception>
    public Tensor this[string key] => _tensors.TryGetValue(key, out Tensor? tensor)
        ? tensor
        : throw new KeyNotFoundException($"{Source}: no tensor named '{key}'.");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value) => _tensors.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Frees every tensor.</summary>
    public void Dispose()
    {
        foreach (Tensor tensor in _tensors.Values)
        {
            tensor.Dispose();
        }
        _tensors.Clear();
    }
}
