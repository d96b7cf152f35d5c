using ToxicComments.Evaluation;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using ToxicComments.Training;
using ToxicComments.Training.Ensembling;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Training.Ensembling;

public sealed class WiseFtTests
{
    [Fact]
    public void Interpolate_MixesFloatsKeyByKey_TakesOtherTensorsFromTheFineTuned()
    {
        var start = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 0f, 10f, -4f }), ["ids"] = tensor(new long[] { 1, 2 }) };
        var tuned = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 1f, 20f, 4f }), ["ids"] = tensor(new long[] { 3, 4 }) };

        Dictionary<string, Tensor> atStart = WiseFt.Interpolate(start, tuned, 0);
        Dictionary<string, Tensor> atEnd = WiseFt.Interpolate(start, tuned, 1);
        Dictionary<string, Tensor> between = WiseFt.Interpolate(start, tuned, 0.25);

        Assert.Equal([0f, 10f, -4f], atStart["w"].data<float>().ToArray());
        Assert.Equal([1f, 20f, 4f], atEnd["w"].data<float>().ToArray());
        Assert.Equal([0.25f, 12.5f, -2f], between["w"].data<float>().ToArray());
        Assert.Equal([3L, 4L], between["ids"].data<long>().ToArray());
        // The inputs are not changed.
        Assert.Equal([0f, 10f, -4f], start["w"].data<float>().ToArray());
    }

    [Fact]
    public void Interpolate_DifferentKeysOrShapes_NamesTheKey()
    {
        var start = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["b"] = zeros(3) };
        var otherKey = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["c"] = zeros(3) };
        var otherShape = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["b"] = zeros(4) };

        var keys = Assert.Throws<InvalidDataException>(() => WiseFt.Interpolate(start, otherKey, 0.5));
        var shapes = Assert.Throws<InvalidDataException>(() => WiseFt.Interpolate(start, otherShape, 0.5));

        Assert.Equal("the start weights and the fine-tuned weights differ in their keys: 'b' is in one only.", keys.Message);
        Assert.Equal("'b' is [3] in the start weights and [4] in the fine-tuned weights.", shapes.Message);
    }

    [Fact]
    public void Apply_KeepsTheMixWithTheBestValidationRocAuc_AndScoresEachAsTheModelWould()
    {
        using var start = TinyTraining.Model(seed: 1, head: ClassifierHead.MeanPooled);
        using var tuned = TinyTraining.Model(seed: 2, head: ClassifierHead.MeanPooled);
        using var model = TinyTraining.Model(seed: 3, head: ClassifierHead.MeanPooled);
        TokenizedComments validation = TinyTraining.Tokenized(40, seed: 9);
        Dictionary<string, Tensor> startWeights = TinyTraining.Weights(start), tunedWeights = TinyTraining.Weights(tuned);

        WiseFtFit fit = WiseFt.Apply(model, startWeights, tunedWeights, WiseFt.AlphaGrid, validation, CPU, batchSize: 16);

        Assert.Equal(WiseFt.AlphaGrid, fit.Candidates.Select(c => c.Alpha));
        double best = fit.Candidates.Max(c => c.ValidationRocAuc!.Value);
        Assert.Equal(fit.Candidates.Last(c => c.ValidationRocAuc == best).Alpha, fit.Alpha);
        // Each end's score is the ROC AUC of that model's own logits, batched here in one piece.
        Assert.Equal(RocAucOf(start, validation), fit.Candidates[0].ValidationRocAuc!.Value, 12);
        Assert.Equal(RocAucOf(tuned, validation), fit.Candidates[^1].ValidationRocAuc!.Value, 12);
        Assert.NotEqual(fit.Candidates[0].ValidationRocAuc, fit.Candidates[^1].ValidationRocAuc);
        // The model holds the chosen mix.
        Dictionary<string, Tensor> expected = WiseFt.Interpolate(startWeights, tunedWeights, fit.Alpha);
        Dictionary<string, Tensor> actual = TinyTraining.Weights(model);
        Assert.All(expected, pair => Assert.True(pair.Value.allclose(actual[pair.Key], rtol: 0, atol: 0), pair.Key));
    }

    [Fact]
    public void Apply_NoValidation_UsesTheLastWeightWithoutScoring()
    {
        using var start = TinyTraining.Model(seed: 1, head: ClassifierHead.MeanPooled);
        using var tuned = TinyTraining.Model(seed: 2, head: ClassifierHead.MeanPooled);
        using var model = TinyTraining.Model(seed: 3, head: ClassifierHead.MeanPooled);
        Dictionary<string, Tensor> startWeights = TinyTraining.Weights(start), tunedWeights = TinyTraining.Weights(tuned);

        WiseFtFit fit = WiseFt.Apply(model, startWeights, tunedWeights, [0.2, 0.6], validation: null, CPU);

        Assert.Equal(0.6, fit.Alpha);
        Assert.Equal([new WiseFtCandidate(0.6, null)], fit.Candidates);
        Assert.Null(fit.Candidates[0].ValidationRocAuc);
        Dictionary<string, Tensor> actual = TinyTraining.Weights(model);
        Assert.All(WiseFt.Interpolate(startWeights, tunedWeights, 0.6), pair => Assert.True(pair.Value.allclose(actual[pair.Key], rtol: 0, atol: 0), pair.Key));
    }

    [Fact]
    public void Apply_WeightOutsideZeroToOne_IsRefused()
    {
        using var model = TinyTraining.Model(head: ClassifierHead.MeanPooled);
        Dictionary<string, Tensor> weights = TinyTraining.Weights(model);

        var error = Assert.Throws<ArgumentException>(() => WiseFt.Apply(model, weights, weights, [0.5, 1.5], validation: null, CPU));

        Assert.StartsWith("the mixing weights must be one or more numbers from 0 to 1.", error.Message, StringComparison.Ordinal);
    }

    private static double RocAucOf(TorchSharp.torch.nn.Module<Tensor, Tensor, Tensor, Tensor> model, TokenizedComments comments)
    {
        model.eval();
        using var noGrad = no_grad();
        using TokenBatch batch = TokenBatch.Collate(comments.Texts.Ids, comments.PaddingId, TinyTraining.MaxLength, Padding.Dynamic);
        using Tensor logits = model.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(ScalarType.Float64);
        double[] values = logits.data<double>().ToArray();
        var scores = new double[comments.Count, comments.LabelCount];
        for (int row = 0; row < comments.Count; row++)
        {
            for (int label = 0; label < comments.LabelCount; label++)
            {
                scores[row, label] = values[(row * comments.LabelCount) + label];
            }
        }
        return RocAuc.Compute(comments.Truth(), scores).Macro!.Value;
    }
}
