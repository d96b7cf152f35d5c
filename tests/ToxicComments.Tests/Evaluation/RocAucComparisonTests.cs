using System.Text.Json;
using ToxicComments.Evaluation;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Evaluation;

/// <summary>
/// DeLong's paired test against tools/sklearn-fixtures/make_delong_fixtures.py, which follows the 1988 paper over
/// every positive-negative pair (the code under test uses midranks), with scikit-learn's areas and SciPy's tails.
/// </summary>
public sealed class RocAucComparisonTests
{
    private static readonly JsonFixture Fixture = new("metrics", "delong-paired-roc-auc.json");

    public static TheoryData<string> Cases() => Fixture.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_EqualsTheReference(string name)
    {
        JsonElement c = Fixture.Case(name);
        (int[] labels, double[] first, double[] second) = Inputs(c);
        JsonElement expected = c.GetProperty("expected");

        RocAucDifference result = RocAucComparison.Compare(labels, first, second);

        Assert.Equal(expected.GetProperty("first").GetDouble(), result.First, 1e-12);
        Assert.Equal(expected.GetProperty("second").GetDouble(), result.Second, 1e-12);
        Assert.Equal(expected.GetProperty("difference").GetDouble(), result.Difference, 1e-12);
        Assert.Equal(expected.GetProperty("standard_error").GetDouble(), result.StandardError, 1e-12);
        Assert.Equal(expected.GetProperty("first_standard_error").GetDouble(), result.FirstStandardError, 1e-12);
        Assert.Equal(expected.GetProperty("second_standard_error").GetDouble(), result.SecondStandardError, 1e-12);
        Assert.Equal(expected.GetProperty("z").GetDouble(), result.Z, 1e-9);
        Assert.Equal(expected.GetProperty("p_value").GetDouble(), result.PValue, 1e-12);
    }

    [Fact]
    public void Compare_SwappedModels_NegatesTheDifferenceAndKeepsP()
    {
        (int[] labels, double[] first, double[] second) = Inputs(Fixture.Root.GetProperty("cases")[1]);

        RocAucDifference forward = RocAucComparison.Compare(labels, first, second);
        RocAucDifference swapped = RocAucComparison.Compare(labels, second, first);

        Assert.Equal(-forward.Difference, swapped.Difference, 1e-15);
        Assert.Equal(forward.PValue, swapped.PValue, 1e-15);
        Assert.True(forward.PValue is > 0 and < 1);
    }

    // A case's one label's 0/1 truth and the two models' scores.
    private static (int[] Labels, double[] First, double[] Second) Inputs(JsonElement c) => (
        c.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        c.GetProperty("first").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
        c.GetProperty("second").EnumerateArray().Select(e => e.GetDouble()).ToArray());

    [Fact]
    public void Compare_AreasEqualRocAucs()
    {
        int[] labels = [1, 0, 1, 0, 0, 1, 0, 0];
        double[] first = [0.9, 0.3, 0.3, 0.65, 0.1, 0.8, 0.3, 0.2];
        double[] second = [0.1, 0.5, 0.4, 0.2, 0.3, 0.9, 0.6, 0.6];

        RocAucDifference result = RocAucComparison.Compare(labels, first, second);

        Assert.Equal(RocAuc.ForLabel("x", labels, first).Value!.Value, result.First, 1e-15);
        Assert.Equal(RocAuc.ForLabel("x", labels, second).Value!.Value, result.Second, 1e-15);
    }

    [Fact]
    public void Compare_NoVarianceButDifferentAreas_IsCertainNotEqual()
    {
        // A separates the classes perfectly, B ties everything: every placement is constant, so the standard error is
        // 0, yet the areas differ by 0.5. "p = 1" would call them equal.
        RocAucDifference result = RocAucComparison.Compare([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2], [0.5, 0.5, 0.5, 0.5]);

        Assert.Equal((1.0, 0.5, 0.5, 0.0), (result.First, result.Second, result.Difference, result.StandardError));
        Assert.Equal(double.PositiveInfinity, result.Z);
        Assert.Equal(0, result.PValue);
    }

    [Theory]
    [InlineData(new[] { 1, 0, 0, 0 }, "at least 2 positives and 2 negatives; there are 1 and 3")]
    [InlineData(new[] { 1, 1, 1, 0 }, "at least 2 positives and 2 negatives; there are 3 and 1")]
    [InlineData(new[] { 1, 2, 0, 0 }, "labels must be 0 or 1")]
    public void Compare_LabelsItCannotTest_NameTheProblem(int[] labels, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RocAucComparison.Compare(labels, [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ScoresItCannotTest_NameTheProblem()
    {
        Assert.Contains("3 and 4 scores for 4 labels", Assert.Throws<ArgumentException>(() => RocAucComparison.Compare([1, 1, 0, 0], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4])).Message, StringComparison.Ordinal);
        Assert.Equal("second", Assert.Throws<ArgumentException>(() => RocAucComparison.Compare([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4], [0.1, double.NaN, 0.3, 0.4])).ParamName);
    }

    [Fact]
    public void Erfc_EqualsSciPy()
    {
        foreach (JsonElement point in Fixture.Root.GetProperty("erfc").EnumerateArray())
        {
            double x = point.GetProperty("x").GetDouble(), expected = point.GetProperty("erfc").GetDouble();

            double actual = NormalDistribution.Erfc(x);

            // Relative where the tail is tiny: a p-value of 1e-20 must not come out as 0 or 1e-19.
            Assert.True(Math.Abs(actual - expected) <= Math.Max(1e-15, 1e-12 * expected), $"erfc({x}) = {actual}, SciPy {expected}");
        }
        Assert.Equal(0, NormalDistribution.Erfc(double.PositiveInfinity));
    }
}
