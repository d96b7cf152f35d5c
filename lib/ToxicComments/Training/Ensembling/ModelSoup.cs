using ToxicComments.Evaluation;
using static TorchSharp.torch;

namespace ToxicComments.Training.Ensembling;

/// <summary>
/// A uniform model soup (Wortsman et al. 2022, "Model soups: averaging weights of multiple fine-tuned models
/// improves accuracy without increasing inference time"): the key-by-key mean of the weights of models fine-tuned
/// from one start with different seeds (batch order, dropout masks). One model, scored at the cost of one; the
/// training costs one run per member. Its seeds' noise on the rare labels averages out instead of landing in the
/// one model kept. A mean of networks is only good when they lie in one basin of the loss; models fine-tuned for a
/// few epochs from the same pretrained weights and the same head do (the paper above; Neyshabur et al. 2020).
/// </summary>
public static class ModelSoup
{
    /// <summary>
    /// The mean of <paramref name="members"/>, key by key, on the CPU (summed in float64, stored in each key's type);
    /// tensors that are not floating point (e.g. position ids) are taken from the first member.
    /// </summary>
    /// <exception cref="ArgumentException">No members.</exception>
    /// <exception cref="InvalidDataException">Two members differ in their keys or shapes; the message names the first such key.</exception>
    public static Dictionary<string, Tensor> Average(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("a soup needs at least one member.", nameof(members));
        }
        IReadOnlyDictionary<string, Tensor> first = members[0];
        for (int i = 1; i < members.Count; i++)
        {
            StateDictLayout.RequireSame(first, members[i], "member 1", $"member {i + 1}");
        }
        var soup = new Dictionary<string, Tensor>(first.Count);
        using var noGrad = no_grad();
        foreach ((string key, Tensor head) in first)
        {
            if (!head.is_floating_point())
            {
                soup[key] = head.detach().cpu().clone();
                continue;
            }
            using var scope = NewDisposeScope();
            Tensor sum = zeros(head.shape, ScalarType.Float64);
            foreach (IReadOnlyDictionary<string, Tensor> member in members)
            {
                sum.add_(member[key].detach().cpu().to(ScalarType.Float64));
            }
            soup[key] = sum.div_(members.Count).to(head.dtype).MoveToOuterDisposeScope();
        }
        return soup;
    }
}

/// <summary>One member of a soup as trained.</summary>
/// <param name="Seed">Its training seed.</param>
/// <param name="Training">How its training ended.</param>
/// <param name="Validation">Its ROC AUC on the validation split; null when nothing was scored.</param>
public sealed record SoupMember(int Seed, TrainingResult Training, RocAucScores? Validation);

/// <summary>A soup as made: its members, and its own ROC AUC on the validation split (null when nothing was scored).</summary>
/// <param name="Members">The members, in training order.</param>
/// <param name="Validation">The soup's validation ROC AUC.</param>
/// <param name="Seconds">Scoring and averaging, in all.</param>
public sealed record SoupFit(IReadOnlyList<SoupMember> Members, RocAucScores? Validation, double Seconds);
