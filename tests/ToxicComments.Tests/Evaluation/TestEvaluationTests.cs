using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class TestEvaluationTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_GivesScikitLearnsFiguresAtHalf(string caseName)
    {
        JsonElement golden = Case(caseName);

        TestEvaluation evaluation = TestEvaluation.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")), Labels);

        JsonElement report = golden.GetProperty("classification_report").GetProperty("0");
        for (int j = 0; j < Labels.Count; j++)
        {
            Near(report.GetProperty(Labels[j]).GetProperty("f1-score").GetDouble(), evaluation.AtHalf.Report.PerLabel[j].F1);
            Assert.Equal(NullableDouble(golden.GetProperty("roc_auc")[j]) is null, evaluation.RocAuc.PerLabel[j].Value is null);
            Near(NullableDouble(golden.GetProperty("roc_auc")[j]) ?? 0, evaluation.RocAuc.PerLabel[j].Value ?? 0);
            Near(NullableDouble(golden.GetProperty("roc_auc_on_predictions")[j]) ?? 0, evaluation.TutorialRocAuc.PerLabel[j].Value ?? 0);
            Near(golden.GetProperty("average_precision")[j].GetDouble(), evaluation.AveragePrecision[j]);
        }
        Near(report.GetProperty("micro avg").GetProperty("f1-score").GetDouble(), evaluation.AtHalf.Report.MicroAverage.F1);
        Near(golden.GetProperty("average_precision_macro").GetDouble(), evaluation.AveragePrecisionMacro);
        Near(golden.GetProperty("hamming_loss").GetDouble(), evaluation.AtHalf.HammingLoss);
        Near(golden.GetProperty("accuracy").GetDouble(), evaluation.AtHalf.SubsetAccuracy);
        Assert.Equal(RocAucInput.ThresholdedPredictions, evaluation.TutorialRocAuc.Input);
        Assert.Null(evaluation.AtTuned);
    }

    [Fact]
    public void Compute_TunedThresholds_ScoresThePredictionsAtThoseThresholds()
    {
        JsonElement golden = Case("random-continuous");
        int[,] labels = Ints(golden.GetProperty("y_true"));
        double[,] scores = Doubles(golden.GetProperty("y_score"));
        TunedThresholds tuned = ThresholdTuning.Tune(labels, scores, Labels);

        TestEvaluation evaluation = TestEvaluation.Compute(labels, scores, Labels, tuned);

        int[,] predicted = tuned.Apply(scores);
        Assert.Same(tuned, evaluation.Tuned);
        Assert.Equal(tuned.Thresholds, evaluation.AtTuned!.Thresholds);
        Assert.Equal(ClassificationReport.Compute(labels, predicted, Labels).ToString(), evaluation.AtTuned.Report.ToString());
        Assert.Equal(HammingLoss.Compute(labels, predicted), evaluation.AtTuned.HammingLoss);
        // Tuned on the same rows here, so F1 can only rise: a check that the tuned predictions were used at all.
        Assert.True(evaluation.AtTuned.Report.MacroAverage.F1 > evaluation.AtHalf.Report.MacroAverage.F1);
        Assert.Contains("thresholds tuned on validation", evaluation.ToString());
    }

    [Fact]
    public void Compute_ThresholdsForOtherLabels_Throws()
    {
        int[,] labels = { { 0, 1 }, { 1, 0 } };
        double[,] scores = { { 0.2, 0.7 }, { 0.6, 0.1 } };
        TunedThresholds tuned = ThresholdTuning.Tune(labels, scores, ["x", "y"]);

        var error = Assert.Throws<ArgumentException>(() => TestEvaluation.Compute(labels, scores, ["a", "b"], tuned));

        Assert.Contains("the tuned thresholds are for x, y; the labels are a, b", error.Message);
    }

    private static void Near(double expected, double actual) => Assert.InRange(actual, expected - Tolerance, expected + Tolerance);
}
