using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class SubsetAccuracyTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_MatchesAccuracyScore(string caseName)
    {
        JsonElement golden = Case(caseName);

        double accuracy = SubsetAccuracy.Compute(Ints(golden.GetProperty("y_true")), Ints(golden.GetProperty("y_pred")));

        Assert.InRange(accuracy, golden.GetProperty("accuracy").GetDouble() - Tolerance, golden.GetProperty("accuracy").GetDouble() + Tolerance);
    }

    [Fact]
    public void Compute_HandWorkedCase_CountsOnlyRowsRightOnEveryLabel()
    {
        // Rows 2 and 4 match on every label; rows 1 and 3 miss one label each: 2 of 4.
        int[,] labels = { { 1, 0 }, { 0, 0 }, { 1, 1 }, { 0, 1 } };
        int[,] predictions = { { 1, 1 }, { 0, 0 }, { 0, 1 }, { 0, 1 } };

        Assert.Equal(0.5, SubsetAccuracy.Compute(labels, predictions));
    }
}
