using ToxicComments.Data;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Heads;
using ToxicComments.Tokenization;
using ToxicComments.Training;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Training.Probing;

public sealed class LinearProbeTests
{
    [Fact]
    public void Fit_TheHeadGivesTheRegressionsLogits_ChosenOnValidation_EncoderUntouched()
    {
        using var model = (MeanPooledClassifier)TinyTraining.Model(head: ClassifierHead.MeanPooled);
        TokenizedComments train = TinyTraining.Tokenized(80);
        TokenizedComments validation = TinyTraining.Tokenized(40, seed: 9);
        Dictionary<string, Tensor> before = TinyTraining.Weights(model);
        double[] positiveWeights = [2, 3, 1, 4, 1, 5];

        LinearProbeFit fit = LinearProbe.Fit(model, train, validation, positiveWeights, CPU);

        // The L2 strength with the best validation ROC AUC, the stronger on a tie.
        Assert.Equal(LinearProbe.L2Grid, fit.Candidates.Select(c => c.L2));
        double best = fit.Candidates.Max(c => c.ValidationRocAuc!.Value);
        Assert.Equal(fit.Candidates.Last(c => c.ValidationRocAuc == best).L2, fit.L2);
        // Only the classifier changed, and only for labels with both classes in the training comments.
        Dictionary<string, Tensor> after = TinyTraining.Weights(model);
        Assert.All(before.Keys.Where(k => !k.StartsWith("pooled_classifier.", StringComparison.Ordinal)),
            key => Assert.True(before[key].allclose(after[key], rtol: 0, atol: 0), $"{key} changed"));
        int[] fitted = Enumerable.Range(0, LabelNames.Count).Where(label => !fit.LabelsLeftAsInitialised.Contains(LabelNames.All[label])).ToArray();
        Assert.NotEmpty(fitted);
        foreach (string label in fit.LabelsLeftAsInitialised)
        {
            int row = LabelNames.All.ToList().IndexOf(label);
            Assert.True(before["pooled_classifier.weight"][row].allclose(after["pooled_classifier.weight"][row], rtol: 0, atol: 0), $"{label} was not left as it was");
        }

        // In eval mode, the head's logits are the regressions' on the pooled features, fitted here directly.
        model.eval();
        using var noGrad = no_grad();
        using TokenBatch batch = TokenBatch.Collate(train.Texts.Ids, train.PaddingId, TinyTraining.MaxLength, Padding.Dynamic);
        using Tensor features = model.Features(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(ScalarType.Float64);
        using Tensor logits = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(ScalarType.Float64);
        foreach (int label in fitted)
        {
            bool[] positive = Enumerable.Range(0, train.Count).Select(row => train.IsPositive(row, label)).ToArray();
            LogisticModel regression = LogisticRegression.Fit(features, positive, fit.L2, positiveWeights[label]);
            using Tensor expected = features.mv(tensor(regression.Weights)) + regression.Intercept;
            double difference = (logits[.., label] - expected).abs().max().item<double>();
            Assert.True(difference < 1e-4, $"{LabelNames.All[label]}: logits differ by {difference}");
            Assert.True(fit.Iterations[label] > 0);
        }
    }

    [Fact]
    public void Fit_NoValidationSplit_TakesTheDefaultStrength()
    {
        using var model = (MeanPooledClassifier)TinyTraining.Model(head: ClassifierHead.MeanPooled);

        LinearProbeFit fit = LinearProbe.Fit(model, TinyTraining.Tokenized(40), null, null, CPU);

        Assert.Equal(LinearProbe.DefaultL2, fit.L2);
        Assert.Equal([new ProbeCandidate(LinearProbe.DefaultL2, null)], fit.Candidates);
        Assert.True(model.training, "the probe put the model back in training mode");
    }

    [Fact]
    public void Fit_ValidationWithoutPositives_TakesTheDefaultStrength()
    {
        using var model = (MeanPooledClassifier)TinyTraining.Model(head: ClassifierHead.MeanPooled);
        CommentSet clean = TinyTraining.Comments(60).Where(c => !c.IsLabelled, "clean comments");

        LinearProbeFit fit = LinearProbe.Fit(model, TinyTraining.Tokenized(40), TinyTraining.Tokenized(clean), null, CPU);

        Assert.Equal([new ProbeCandidate(LinearProbe.DefaultL2, null)], fit.Candidates);
    }

    [Fact]
    public void Fit_TrainingModeGivesTheSameLogits_WhenTheEncoderHasNoDropout()
    {
        // The first training step must compute what the probe fitted: no dropout between the pooled features and the classifier.
        using var model = (MeanPooledClassifier)TinyTraining.Model(dropout: 0, head: ClassifierHead.MeanPooled);
        TokenizedComments train = TinyTraining.Tokenized(40);
        LinearProbe.Fit(model, train, null, null, CPU);
        using TokenBatch batch = TokenBatch.Collate(train.Texts.Ids, train.PaddingId, TinyTraining.MaxLength, Padding.Dynamic);
        using var noGrad = no_grad();

        model.train();
        using Tensor training = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
        model.eval();
        using Tensor evaluation = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);

        Assert.True(training.allclose(evaluation, rtol: 0, atol: 0), $"logits moved by {(training - evaluation).abs().max().item<float>()} in training mode");
    }
}
