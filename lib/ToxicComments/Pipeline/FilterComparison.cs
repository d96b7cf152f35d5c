using TorchSharp;
using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Inference;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Heads;
using ToxicComments.Training;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;

namespace ToxicComments.Pipeline;

/// <summary>What one filter's model made of the comments it was shown.</summary>
/// <param name="Filter">The filter the model learnt from.</param>
/// <param name="TrainingComments">How many comments that filter kept.</param>
/// <param name="Probabilities">(comments, labels): each shown comment's probability of each label.</param>
/// <param name="CleanFlaggedToxic">Of the clean comments scored, the share given toxic at 0.5 or more; null without any.</param>
public sealed record FilterOutcome(CommentFilterMode Filter, int TrainingComments, double[,] Probabilities, double? CleanFlaggedToxic);

/// <summary>
/// What the tutorial's filter does to a model, measured in a minute instead of a fine-tuning run: for each filter,
/// the linear probe (the frozen encoder's mean-pooled embeddings and one logistic regression per label, as stage 05
/// starts its recommended head) is fitted on the comments that filter keeps, then scores the same comments: a few
/// sentences of one's own, and clean comments it never saw. A model that never saw a clean comment has no reason to
/// give any comment a low toxic score.
/// </summary>
public static class FilterComparison
{
    /// <param name="train">Training comments, before any filter.</param>
    /// <param name="shown">Comments to show each model, e.g. plainly clean sentences and plain insults.</param>
    /// <param name="clean">Clean comments neither model trained on (e.g. Kaggle's scored test rows with no label), to count false alarms on.</param>
    /// <param name="model"><c>minilm</c> or a Hugging Face BERT / DistilBERT folder.</param>
    /// <param name="maxLength">Tokens per comment.</param>
    /// <param name="device">Where the encoder runs; null picks as <see cref="Runtime.TorchRuntime.PickDevice"/> does.</param>
    public static IReadOnlyList<FilterOutcome> Run(CommentSet train, IReadOnlyList<string> shown, IReadOnlyList<string> clean,
                                                   string model = Hub.OfflineModel.Name, int maxLength = 128, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(clean);
        device ??= Runtime.TorchRuntime.PickDevice();
        var outcomes = new List<FilterOutcome>();
        foreach (CommentFilterMode filter in new[] { CommentFilterMode.LabelledOnly, CommentFilterMode.All })
        {
            CommentSet kept = CommentFilter.Apply(train, filter);
            PretrainedEncoder pretrained = PretrainedModels.LoadEncoder(model);
            var classifier = new MeanPooledClassifier(pretrained.Encoder, LabelNames.Count);
            classifier.to(device);
            int length = Math.Min(maxLength, pretrained.Encoder.MaxPositions);
            LinearProbe.Fit(classifier, TokenizedComments.Encode(pretrained.Tokenizer, kept, length), validation: null, positiveWeights: null, device);
            using var scorer = new CommentScorer(classifier, pretrained.Tokenizer, LabelNames.All, device, length);
            double[,] probabilities = scorer.Score(shown);
            double? flagged = null;
            if (clean.Count > 0)
            {
                double[,] cleanScores = scorer.Score(clean);
                int toxic = LabelNames.All.ToList().IndexOf("toxic");
                flagged = Enumerable.Range(0, clean.Count).Count(row => cleanScores[row, toxic] >= 0.5) / (double)clean.Count;
            }
            outcomes.Add(new FilterOutcome(filter, kept.Count, probabilities, flagged));
        }
        return outcomes;
    }
}
