using ToxicComments.Evaluation;

namespace ToxicComments.Tests.Evaluation;

public sealed class ThresholdTuningTests
{
    [Fact]
    public void Tune_KnownBest_PicksTheF1MaximisingProbability()
    {
        // Truth 1 1 0 1 0 0 at probabilities 0.9 0.8 0.7 0.6 0.3 0.2; F1 = 2TP / (predicted + 3):
        // 0.9: 2/4, 0.8: 4/5, 0.7: 4/6, 0.6: 6/7 (best), 0.3: 6/8, 0.2: 6/9.
        int[,] labels = { { 1 }, { 1 }, { 0 }, { 1 }, { 0 }, { 0 } };
        double[,] probabilities = { { 0.9 }, { 0.8 }, { 0.7 }, { 0.6 }, { 0.3 }, { 0.2 } };

        LabelThreshold tuned = ThresholdTuning.Tune(labels, probabilities, ["toxic"]).PerLabel[0];

        Assert.Equal(new LabelThreshold("toxic", 0.6, 6.0 / 7, null), tuned);
    }

    [Fact]
    public void Tune_EqualF1_PrefersTheHigherThreshold()
    {
        // Truth 1 0 0 1 at 0.9 0.7 0.6 0.5: F1 at 0.9 is 2/3 and at 0.5 is 4/6, exactly equal: 0.9 wins.
        int[,] labels = { { 1 }, { 0 }, { 0 }, { 1 } };
        double[,] probabilities = { { 0.9 }, { 0.7 }, { 0.6 }, { 0.5 } };

        Assert.Equal(0.9, ThresholdTuning.Tune(labels, probabilities, ["a"]).Thresholds[0]);
    }

    [Fact]
    public void Tune_TiedProbabilities_AreOneCandidate()
    {
        // 0.4 holds a positive and a negative: predicting one predicts both. Best is 0.4 (F1 4/5) over 0.9 (2/3).
        int[,] labels = { { 1 }, { 1 }, { 0 }, { 0 } };
        double[,] probabilities = { { 0.9 }, { 0.4 }, { 0.4 }, { 0.1 } };

        LabelThreshold tuned = ThresholdTuning.Tune(labels, probabilities, ["a"]).PerLabel[0];

        Assert.Equal(0.4, tuned.Threshold);
        Assert.Equal(0.8, tuned.ValidationF1, 15);
    }

    [Fact]
    public void Tune_NoPositives_FallsBackWithANote()
    {
        LabelThreshold tuned = ThresholdTuning.Tune(new[,] { { 0 }, { 0 } }, new[,] { { 0.9 }, { 0.1 } }, ["threat"], fallback: 0.7).PerLabel[0];

        Assert.Equal(0.7, tuned.Threshold);
        Assert.Equal(0, tuned.ValidationF1);
        Assert.NotNull(tuned.Note);
    }

    [Fact]
    public void Tune_RandomValidationSet_NoCandidateThresholdGivesAHigherF1()
    {
        var random = new Random(11);
        int rows = 200, columns = 6;
        var labels = new int[rows, columns];
        var probabilities = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                labels[i, j] = random.NextDouble() < 0.1 + 0.05 * j ? 1 : 0;
                probabilities[i, j] = Math.Round(0.4 * labels[i, j] + 0.6 * random.NextDouble(), 2);
            }
        }

        TunedThresholds tuned = ThresholdTuning.Tune(labels, probabilities);

        for (int j = 0; j < columns; j++)
        {
            double bestF1 = Enumerable.Range(0, rows).Select(i => probabilities[i, j]).Distinct()
                .Max(t => ClassificationReport.Compute(labels, Predictions.FromProbabilities(probabilities, t)).PerLabel[j].F1);
            double tunedF1 = ClassificationReport.Compute(labels, tuned.Apply(probabilities)).PerLabel[j].F1;
            Assert.Equal(bestF1, tunedF1, 12);
            Assert.Equal(bestF1, tuned.PerLabel[j].ValidationF1, 12);
        }
    }

    [Fact]
    public void Apply_TestProbabilities_UsesEachLabelsTunedThreshold()
    {
        int[,] labels = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        double[,] validation = { { 0.8, 0.1 }, { 0.3, 0.35 }, { 0.6, 0.4 } };
        double[,] test = { { 0.59, 0.36 }, { 0.6, 0.34 } };

        TunedThresholds tuned = ThresholdTuning.Tune(labels, validation, ["a", "b"]);

        Assert.Equal([0.6, 0.35], tuned.Thresholds);
        Assert.Equal(new[,] { { 0, 1 }, { 1, 0 } }, tuned.Apply(test));
    }
}
