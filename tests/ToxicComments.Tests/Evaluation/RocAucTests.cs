using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class RocAucTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_MatchesRocAucScorePerLabel(string caseName)
    {
        JsonElement golden = Case(caseName);

        RocAucScores scores = RocAuc.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")), Labels);

        AssertMatches(golden.GetProperty("roc_auc"), scores, caseName);
        Assert.Equal(RocAucInput.Probabilities, scores.Input);
        if (NullableDouble(golden.GetProperty("roc_auc_macro")) is double macro)
        {
            Assert.Empty(scores.ExcludedFromMacro);
            Assert.InRange(scores.Macro!.Value, macro - Tolerance, macro + Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void ComputeOnPredictions_SklearnCases_MatchesRocAucScoreOfThresholdedPredictions(string caseName)
    {
        JsonElement golden = Case(caseName);

        RocAucScores scores = RocAuc.ComputeOnPredictions(Ints(golden.GetProperty("y_true")), Ints(golden.GetProperty("y_pred")), Labels);

        AssertMatches(golden.GetProperty("roc_auc_on_predictions"), scores, caseName);
        Assert.Equal(RocAucInput.ThresholdedPredictions, scores.Input);
    }

    [Fact]
    public void ForLabel_HandWorkedTies_CountsATieAsHalf()
    {
        // Positives score 0.9 and 0.4, negatives 0.4 and 0.6. Of the 4 (positive, negative) pairs, 0.9 beats both,
        // 0.4 ties 0.4 (counts 1/2) and loses to 0.6: AUC = 2.5 / 4 = 0.625. Along the curve (thresholds 0.9, 0.6, 0.4):
        // (0, 0) -> (0, 1/2) -> (1/2, 1/2) -> (1, 1), the tie being one diagonal step: 0 + 1/4 + 3/8 = 0.625.
        LabelRocAuc score = RocAuc.ForLabel("toxic", [1, 0, 1, 0], [0.9, 0.4, 0.4, 0.6]);

        Assert.Equal(0.625, score.Value);
        Assert.True(score.IsDefined);
        Assert.Null(score.UndefinedReason);
    }

    [Fact]
    public void ForLabel_AllScoresTied_IsOneHalf()
    {
        Assert.Equal(0.5, RocAuc.ForLabel("a", [1, 0, 0, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3]).Value);
    }

    [Theory]
    [InlineData(0, "no positives")]
    [InlineData(1, "no negatives")]
    public void ForLabel_OneClass_IsUndefinedWithTheReason(int only, string reason)
    {
        LabelRocAuc score = RocAuc.ForLabel("threat", [only, only, only], [0.1, 0.5, 0.9]);

        Assert.False(score.IsDefined);
        Assert.Null(score.Value);
        Assert.Contains("only one class", score.UndefinedReason!, StringComparison.Ordinal);
        Assert.Contains(reason, score.UndefinedReason!, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OneClassLabels_MacroAveragesTheOthersAndNamesTheExcluded()
    {
        // The adversarial case: toxic has no positives, severe_toxic no negatives.
        JsonElement golden = Case("adversarial");

        RocAucScores scores = RocAuc.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")));

        Assert.Equal(["toxic", "severe_toxic"], scores.ExcludedFromMacro);
        double expected = golden.GetProperty("roc_auc").EnumerateArray().Skip(2).Average(e => e.GetDouble());
        Assert.InRange(scores.Macro!.Value, expected - Tolerance, expected + Tolerance);
        Assert.Contains("macro", scores.ToString(), StringComparison.Ordinal);
        Assert.Contains("(excludes toxic, severe_toxic)", scores.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_EveryLabelOneClass_MacroIsNull()
    {
        RocAucScores scores = RocAuc.Compute(new int[4, 6], new double[4, 6]);

        Assert.Null(scores.Macro);
        Assert.Equal(6, scores.ExcludedFromMacro.Count);
    }

    [Fact]
    public void ToString_OnPredictions_SaysSo()
    {
        RocAucScores scores = RocAuc.ComputeOnPredictions(new[,] { { 1 }, { 0 } }, new[,] { { 1 }, { 0 } }, ["a"]);

        Assert.StartsWith("ROC AUC on thresholded 0/1 predictions", scores.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NaNScore_Throws()
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute(new[,] { { 1 }, { 0 } }, new[,] { { double.NaN }, { 0.5 } }, ["a"]));
    }

    private static void AssertMatches(JsonElement expected, RocAucScores actual, string caseName)
    {
        Assert.Equal(Labels, actual.PerLabel.Select(s => s.Label));
        for (int j = 0; j < Labels.Count; j++)
        {
            double? value = NullableDouble(expected[j]);
            LabelRocAuc score = actual.PerLabel[j];
            if (value is null)
            {
                Assert.False(score.IsDefined, $"{caseName} {Labels[j]}: scikit-learn raises, got {score.Value}");
                Assert.NotNull(score.UndefinedReason);
            }
            else
            {
                Assert.True(Math.Abs(value.Value - score.Value!.Value) <= Tolerance, $"{caseName} {Labels[j]}: {score.Value} vs {value}");
            }
        }
    }
}
