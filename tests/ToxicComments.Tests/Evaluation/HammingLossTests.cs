using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class HammingLossTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_MatchesHammingLoss(string caseName)
    {
        JsonElement golden = Case(caseName);

        double loss = HammingLoss.Compute(Ints(golden.GetProperty("y_true")), Ints(golden.GetProperty("y_pred")));

        Assert.InRange(loss, golden.GetProperty("hamming_loss").GetDouble() - Tolerance, golden.GetProperty("hamming_loss").GetDouble() + Tolerance);
    }

    [Fact]
    public void Compute_HandWorkedCase_IsWrongCellsOverAllCells()
    {
        // Row 1 has 1 wrong cell, row 2 none, row 3 two: 3 wrong of 3 x 3 cells.
        int[,] labels = { { 1, 0, 1 }, { 0, 0, 0 }, { 1, 1, 0 } };
        int[,] predictions = { { 1, 1, 1 }, { 0, 0, 0 }, { 0, 1, 1 } };

        Assert.Equal(3.0 / 9, HammingLoss.Compute(labels, predictions));
        Assert.Equal(3.0 / 9, HammingLoss.Compute(
            new[,] { { true, false, true }, { false, false, false }, { true, true, false } },
            new[,] { { true, true, true }, { false, false, false }, { false, true, true } }));
    }

    [Fact]
    public void Compute_NoRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => HammingLoss.Compute(new int[0, 6], new int[0, 6]));
    }
}
