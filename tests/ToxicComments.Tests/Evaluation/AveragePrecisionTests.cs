using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class AveragePrecisionTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_MatchesAveragePrecisionScore(string caseName)
    {
        JsonElement golden = Case(caseName);

        (IReadOnlyList<double> perLabel, double macro) =
            AveragePrecision.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")));

        double[] expected = golden.GetProperty("average_precision").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - perLabel[j]) <= Tolerance, $"{caseName} {Labels[j]}: {perLabel[j]} vs {expected[j]}");
        }

        double expectedMacro = golden.GetProperty("average_precision_macro").GetDouble();
        Assert.True(Math.Abs(expectedMacro - macro) <= Tolerance, $"{caseName} macro: {macro} vs {expectedMacro}");
    }

    [Fact]
    public void ForLabel_HandWorkedTies_IsTheStepSum()
    {
        // Scores 0.9 (positive), 0.6 (negative), 0.4 (a positive and a negative, tied: one step).
        // Thresholds 0.9, 0.6, 0.4: (precision, recall) = (1, 1/2), (1/2, 1/2), (2/4, 1).
        // AP = (1/2 - 0)·1 + (1/2 - 1/2)·1/2 + (1 - 1/2)·1/2 = 3/4.
        Assert.Equal(0.75, AveragePrecision.ForLabel([1, 0, 1, 0], [0.9, 0.4, 0.4, 0.6]));
    }

    [Fact]
    public void ForLabel_NoPositives_IsZeroAsInSklearn()
    {
        Assert.Equal(0.0, AveragePrecision.ForLabel([0, 0, 0], [0.2, 0.9, 0.4]));
    }

    [Fact]
    public void ForLabel_PerfectRanking_IsOne()
    {
        Assert.Equal(1.0, AveragePrecision.ForLabel([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.7]));
    }
}
