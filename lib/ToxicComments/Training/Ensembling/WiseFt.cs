using System.Diagnostics;
using ToxicComments.Evaluation;
using ToxicComments.Modeling;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Training.Ensembling;

/// <summary>One mixing weight WiSE-FT tried, and the validation ROC AUC it gave (null when nothing was scored).</summary>
public sealed record WiseFtCandidate(double Alpha, RocAucScores? Validation)
{
    /// <summary>The mean validation ROC AUC over the labels where it is defined: what the choice is made on.</summary>
    public double? ValidationRocAuc => Validation?.Macro;
}

/// <summary>What <see cref="WiseFt.Apply"/> did.</summary>
/// <param name="Alpha">The mixing weight kept: 0 is the starting model, 1 the fine-tuned one.</param>
/// <param name="Candidates">Every weight tried, in order.</param>
/// <param name="Seconds">Scoring and mixing, in all.</param>
public sealed record WiseFtFit(double Alpha, IReadOnlyList<WiseFtCandidate> Candidates, double Seconds);

/// <summary>
/// WiSE-FT (Wortsman et al. 2022, "Robust fine-tuning of zero-shot models"): the final weights are a mix of the
/// weights fine-tuning started from and those it ended with, (1 − α)·start + α·fine-tuned, one model with the cost
/// of one. Fine-tuning on a few dozen positives of a rare label can move the pretrained features away from what
/// made them rank that label well; the mix keeps part of the start. The mix of two networks is only good when both
/// lie in one basin of the loss, as fine-tuning from a start keeps them; and it is only worth having when the start
/// is a good model already: the encoder as pretrained, with a head from a linear probe (<see cref="Probing.LinearProbe"/>).
/// </summary>
public static class WiseFt
{
    /// <summary>The mixing weights tried when there is a validation split to choose on, from the start to the fine-tuned model.</summary>
    public static readonly IReadOnlyList<double> AlphaGrid = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

    /// <summary>Whether <paramref name="alphas"/> are mixing weights <see cref="Apply"/> takes: one or more, each from 0 to 1.</summary>
    public static bool AreValid(IReadOnlyList<double> alphas) => alphas.Count > 0 && alphas.All(alpha => alpha is >= 0 and <= 1);

    /// <summary>
    /// (1 − <paramref name="alpha"/>)·<paramref name="start"/> + <paramref name="alpha"/>·<paramref name="tuned"/>,
    /// key by key, on the CPU; tensors that are not floating point (e.g. position ids) are taken from <paramref name="tuned"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The two have different keys or shapes; the message names the first.</exception>
    public static Dictionary<string, Tensor> Interpolate(IReadOnlyDictionary<string, Tensor> start, IReadOnlyDictionary<string, Tensor> tuned, double alpha)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(tuned);
        ArgumentOutOfRangeException.ThrowIfLessThan(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 1);
        StateDictLayout.RequireSame(start, tuned, "the start weights", "the fine-tuned weights");
        var mixed = new Dictionary<string, Tensor>(tuned.Count);
        using var noGrad = no_grad();
        foreach ((string key, Tensor end) in tuned)
        {
            Tensor begin = start[key];
            mixed[key] = end.is_floating_point()
                ? begin.detach().cpu().to(end.dtype).lerp(end.detach().cpu(), alpha)
                : end.detach().cpu().clone();
        }
        return mixed;
    }

    /// <summary>
    /// Loads into <paramref name="model"/> the mix of <paramref name="start"/> and <paramref name="tuned"/> whose
    /// mean ROC AUC on <paramref name="validation"/> is best among <paramref name="alphas"/> (the larger weight on a tie:
    /// the less the result departs from what was trained). With one weight, or without a validation label that has
    /// both classes, nothing is scored and the last weight of <paramref name="alphas"/> is used.
    /// </summary>
    /// <param name="model">The model to fill; on <paramref name="device"/>.</param>
    /// <param name="start">The weights fine-tuning started from.</param>
    /// <param name="tuned">The weights it kept (the best epoch's).</param>
    /// <param name="alphas">The mixing weights to choose from, each in [0, 1].</param>
    /// <param name="validation">The comments to choose on; may be null.</param>
    /// <param name="device">Where the model runs.</param>
    /// <param name="batchSize">Comments per forward pass while scoring.</param>
    public static WiseFtFit Apply(Module<Tensor, Tensor, Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor> start,
                                  IReadOnlyDictionary<string, Tensor> tuned, IReadOnlyList<double> alphas,
                                  TokenizedComments? validation, Device device, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(alphas);
        if (!AreValid(alphas))
        {
            throw new ArgumentException("the mixing weights must be one or more numbers from 0 to 1.", nameof(alphas));
        }
        var clock = Stopwatch.StartNew();
        bool choose = alphas.Count > 1 && validation is { HasARankableLabel: true };
        var candidates = new List<WiseFtCandidate>();
        double bestAlpha = alphas[^1], bestScore = double.NegativeInfinity;
        foreach (double alpha in choose ? alphas : [alphas[^1]])
        {
            Load(model, Interpolate(start, tuned, alpha), alpha);
            RocAucScores? scores = null;
            if (choose)
            {
                scores = EvaluationPass.RocAuc(model, validation!, batchSize, device);
                double score = scores.Macro!.Value; // defined: some label has both classes
                if (score > bestScore || (score == bestScore && alpha > bestAlpha))
                {
                    (bestAlpha, bestScore) = (alpha, score);
                }
            }
            candidates.Add(new WiseFtCandidate(alpha, scores));
        }
        if (choose && bestAlpha != alphas[^1])
        {
            Load(model, Interpolate(start, tuned, bestAlpha), bestAlpha);
        }
        return new WiseFtFit(bestAlpha, candidates, clock.Elapsed.TotalSeconds);
    }

    private static void Load(Module<Tensor, Tensor, Tensor, Tensor> model, Dictionary<string, Tensor> weights, double alpha)
    {
        try
        {
            StateDictLoader.Load(model, weights, FormattableString.Invariant($"the WiSE-FT mix at α {alpha}"));
        }
        finally
        {
            foreach (Tensor tensor in weights.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
