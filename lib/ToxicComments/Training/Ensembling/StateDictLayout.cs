using static TorchSharp.torch;

namespace ToxicComments.Training.Ensembling;

/// <summary>The check that weight-space ensembles share before they mix two sets of weights key by key.</summary>
internal static class StateDictLayout
{
    /// <summary>Throws unless <paramref name="one"/> and <paramref name="other"/> have the same keys, each with the same shape.</summary>
    /// <param name="one">The first set of weights.</param>
    /// <param name="other">The second set of weights.</param>
    /// <param name="oneName">What the messages call the first (e.g. "the start weights").</param>
    /// <param name="otherName">What the messages call the second.</param>
    /// <exception cref="InvalidDataException">The message names the first key (in ordinal order) that differs.</exception>
    public static void RequireSame(IReadOnlyDictionary<string, Tensor> one, IReadOnlyDictionary<string, Tensor> other, string oneName, string otherName)
    {
        if (one.Keys.Except(other.Keys).Concat(other.Keys.Except(one.Keys)).Order(StringComparer.Ordinal).FirstOrDefault() is { } odd)
        {
            throw new InvalidDataException($"{oneName} and {otherName} differ in their keys: '{odd}' is in one only.");
        }
        foreach (string key in one.Keys.Order(StringComparer.Ordinal))
        {
            if (!one[key].shape.SequenceEqual(other[key].shape))
            {
                throw new InvalidDataException(
                    $"'{key}' is [{string.Join(", ", one[key].shape)}] in {oneName} and [{string.Join(", ", other[key].shape)}] in {otherName}.");
            }
        }
    }
}
