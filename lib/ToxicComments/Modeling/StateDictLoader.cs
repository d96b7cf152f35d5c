using static TorchSharp.torch;

namespace ToxicComments.Modeling;

/// <summary>What a load matched: the model's keys the weights lacked, and the weights' keys the model lacked.</summary>
public sealed record LoadReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected);

/// <summary>
/// Loads named weights into a module the way nanoGPT's <c>from_pretrained</c> does it: by exact key, with every
/// shape checked, and a report of what did not match. Values are copied into the module's own parameters, so
/// they keep requiring gradients (a checkpoint's flags are not inherited).
/// </summary>
public static class StateDictLoader
{
    /// <summary>Copies <paramref name="weights"/> into <paramref name="model"/>.</summary>
    /// <param name="model">The module to fill.</param>
    /// <param name="weights">Named tensors, e.g. read from <c>model.safetensors</c>.</param>
    /// <param name="source">Where the weights came from, for messages.</param>
    /// <param name="mayBeMissing">Keys the weights may lack (e.g. a new classification head); any other missing key is an error.</param>
    /// <exception cref="InvalidDataException">
    /// A shape differs, a key that must be there is missing, or a weight is NaN or infinite; the message names them.
    /// </exception>
    public static LoadReport Load(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, string source, Func<string, bool>? mayBeMissing = null)
    {
        Dictionary<string, Tensor> own = model.state_dict();
        var missing = new List<string>();
        var mismatched = new List<string>();
        using (no_grad())
        {
            foreach ((string key, Tensor target) in own)
            {
                if (!weights.TryGetValue(key, out Tensor? value))
                {
                    missing.Add(key);
                }
                else if (!value.shape.SequenceEqual(target.shape))
                {
                    mismatched.Add($"{key}: checkpoint [{string.Join(", ", value.shape)}], model [{string.Join(", ", target.shape)}]");
                }
                else if (value.is_floating_point() && !value.isfinite().all().item<bool>())
                {
                    // A model with NaN or infinite weights scores every comment NaN; say so where it is loaded.
                    throw new InvalidDataException($"{source}: weight '{key}' holds NaN or infinite values.");
                }
                else
                {
                    target.copy_(value);
                }
            }
        }
        if (mismatched.Count > 0)
        {
            throw new InvalidDataException($"{source}: shape mismatch for {Summarize(mismatched)}.");
        }
        string[] required = missing.Where(key => mayBeMissing?.Invoke(key) != true).ToArray();
        if (required.Length > 0)
        {
            throw new InvalidDataException($"{source}: missing weights {Summarize(required)}.");
        }
        string[] unexpected = weights.Keys.Where(key => !own.ContainsKey(key)).Order(StringComparer.Ordinal).ToArray();
        return new LoadReport(missing, unexpected);
    }

    private static string Summarize(IReadOnlyList<string> items) =>
        items.Count <= 5 ? string.Join("; ", items) : $"{string.Join("; ", items.Take(5))} (and {items.Count - 5} more)";
}
