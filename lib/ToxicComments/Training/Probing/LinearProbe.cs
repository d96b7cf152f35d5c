using System.Diagnostics;
using ToxicComments.Data;
using ToxicComments.Evaluation;
using ToxicComments.Inference;
using ToxicComments.Modeling.Heads;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Training.Probing;

/// <summary>One L2 strength the probe tried, and the mean validation ROC AUC it gave (null without a validation split).</summary>
public sealed record ProbeCandidate(double L2, double? ValidationRocAuc);

/// <summary>What <see cref="LinearProbe.Fit"/> did.</summary>
/// <param name="L2">The L2 strength kept.</param>
/// <param name="Candidates">Every strength tried, in order.</param>
/// <param name="Iterations">Newton steps per label for the kept strength (0 for a label left as initialised).</param>
/// <param name="LabelsLeftAsInitialised">Labels with one class only in the training comments: no regression to fit.</param>
/// <param name="Seconds">Embedding and fitting, in all.</param>
public sealed record LinearProbeFit(double L2, IReadOnlyList<ProbeCandidate> Candidates, IReadOnlyList<int> Iterations,
                                    IReadOnlyList<string> LabelsLeftAsInitialised, double Seconds);

/// <summary>
/// Linear probing before fine-tuning (LP-FT, Kumar et al. 2022, "Fine-Tuning can Distort Pretrained Features"): the
/// frozen encoder embeds every training comment once, one L2-regularised logistic regression per label is fitted on
/// those embeddings, and its weights become the head's classifier. Fine-tuning then starts from a head
/// that already ranks comments as well as the frozen embeddings allow, instead of a random one whose large early
/// gradients reshape the pretrained features before the head is any good. With a few dozen positives on the rare
/// labels, those features are most of what the model knows about them.
/// </summary>
public static class LinearProbe
{
    /// <summary>The L2 strengths tried when there is a validation split, weakest first.</summary>
    public static readonly IReadOnlyList<double> L2Grid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];

    /// <summary>
    /// The L2 strength used without a validation split to choose on: the one chosen on the validation split of the
    /// real Jigsaw sample with the offline MiniLM (bench/README.md, "quality"), which is what a run refitted on all
    /// of its comments then needs.
    /// </summary>
    public const double DefaultL2 = 30;

    private const int BatchSize = 64;

    /// <summary>
    /// Fits the probe on <paramref name="train"/> and writes it into <paramref name="model"/>'s classifier. The L2
    /// strength is the one of <see cref="L2Grid"/> with the best mean ROC AUC on <paramref name="validation"/> (the
    /// stronger on a tie), or <see cref="DefaultL2"/> without one, or when no validation label has both classes. The
    /// encoder is not changed.
    /// </summary>
    /// <param name="model">The classifier; on <paramref name="device"/>.</param>
    /// <param name="train">The comments to fit on.</param>
    /// <param name="validation">The comments to choose the L2 strength on; may be null.</param>
    /// <param name="positiveWeights">The loss weight of each label's positives, as in training (<c>pos_weight</c>); null for 1.</param>
    /// <param name="device">Where the encoder runs.</param>
    public static LinearProbeFit Fit(MeanPooledClassifier model, TokenizedComments train, TokenizedComments? validation,
                                     IReadOnlyList<double>? positiveWeights, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        var clock = Stopwatch.StartNew();
        int labels = (int)model.Labels;
        using var scope = NewDisposeScope();
        // The features as the head sees them, not standardised: standardising would let the regression put large
        // weights on dimensions that barely vary between comments, and fine-tuning moves those dimensions as much as
        // any other, so the first few steps would throw the logits into the hundreds (measured: a loss of 375 at
        // step 3). The L2 penalty on raw features keeps such weights small.
        Tensor trainFeatures = Embed(model, train, device);
        bool[][] positives = Enumerable.Range(0, labels).Select(label => Column(train, label)).ToArray();
        int[] fittable = Enumerable.Range(0, labels).Where(train.HasBothClasses).ToArray();
        // Choosing needs a validation label with both classes; without one, every strength would score the same.
        bool choose = validation is { HasARankableLabel: true };
        int[,]? validationTruth = choose ? validation!.Truth() : null;
        Tensor? validationFeatures = choose ? Embed(model, validation!, device) : null;
        IReadOnlyList<double> grid = choose ? L2Grid : [DefaultL2];

        var candidates = new List<ProbeCandidate>();
        LogisticModel?[]? best = null;
        double bestL2 = grid[0], bestScore = double.NegativeInfinity;
        foreach (double l2 in grid)
        {
            var fitted = new LogisticModel?[labels];
            foreach (int label in fittable)
            {
                fitted[label] = LogisticRegression.Fit(trainFeatures, positives[label], l2, positiveWeights?[label] ?? 1);
            }
            double? score = choose ? ValidationRocAuc(fitted, validationFeatures!, validationTruth!) : null;
            candidates.Add(new ProbeCandidate(l2, score));
            if (best is null || (score ?? double.NegativeInfinity) >= bestScore)
            {
                best = fitted;
                bestL2 = l2;
                bestScore = score ?? double.NegativeInfinity;
            }
        }

        WriteClassifier(model, best!, device);
        return new LinearProbeFit(
            bestL2,
            candidates,
            best!.Select(m => m?.Iterations ?? 0).ToArray(),
            Enumerable.Range(0, labels).Except(fittable).Select(label => LabelNames.All[label]).ToArray(),
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>The regressions' weights into the classifier; rows of labels without a regression keep theirs.</summary>
    private static void WriteClassifier(MeanPooledClassifier model, LogisticModel?[] fitted, Device device)
    {
        using var scope = NewDisposeScope();
        (Tensor weight, Tensor bias) = model.ClassifierCopy(); // (labels, hidden), (labels)
        for (int label = 0; label < fitted.Length; label++)
        {
            if (fitted[label] is { } regression)
            {
                weight[label].copy_(tensor(regression.Weights));
                bias[label].fill_(regression.Intercept);
            }
        }
        model.SetClassifier(weight.to(device), bias.to(device));
    }

    private static double? ValidationRocAuc(LogisticModel?[] fitted, Tensor features, int[,] truth)
    {
        var scores = new double[truth.GetLength(0), truth.GetLength(1)];
        for (int label = 0; label < fitted.Length; label++)
        {
            if (fitted[label] is not { } regression)
            {
                continue; // every score 0: the same ROC AUC for every candidate
            }
            using var scope = NewDisposeScope();
            double[] logits = (features.mv(tensor(regression.Weights, ScalarType.Float64)) + regression.Intercept).data<double>().ToArray();
            for (int row = 0; row < logits.Length; row++)
            {
                scores[row, label] = logits[row];
            }
        }
        return RocAuc.Compute(truth, scores).Macro;
    }

    /// <summary>The frozen encoder's mean-pooled features of every comment: (comments, hidden), float64 on the CPU.</summary>
    private static Tensor Embed(MeanPooledClassifier model, TokenizedComments comments, Device device) =>
        ForwardPass.Run(model, comments.Texts, comments.PaddingId, BatchSize, device, model.Features);

    private static bool[] Column(TokenizedComments comments, int label) =>
        Enumerable.Range(0, comments.Count).Select(row => comments.IsPositive(row, label)).ToArray();
}
