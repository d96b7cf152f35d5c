using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class PredictionsTests
{
    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void FromProbabilities_DefaultThreshold_MatchesTheFixturesPredictions(string caseName)
    {
        JsonElement golden = Case(caseName);

        Assert.Equal(Ints(golden.GetProperty("y_pred")), Predictions.FromProbabilities(Doubles(golden.GetProperty("y_score"))));
    }

    [Fact]
    public void FromProbabilities_ProbabilityEqualToThreshold_PredictsPositive()
    {
        Assert.Equal(new[,] { { 1, 0 } }, Predictions.FromProbabilities(new[,] { { 0.5, 0.49 } }));
    }

    [Fact]
    public void FromProbabilities_PerLabelThresholds_UsesEachLabelsOwn()
    {
        Assert.Equal(new[,] { { 0, 1 } }, Predictions.FromProbabilities(new[,] { { 0.5, 0.2 } }, [0.6, 0.2]));
    }

    [Fact]
    public void FromProbabilities_WrongThresholdCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Predictions.FromProbabilities(new double[1, 2], [0.5]));
    }
}
