using System.Text.Json;
using ToxicComments.Tests.Support;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Training.Probing;

public sealed class LogisticRegressionTests
{
    private static readonly JsonFixture Fixture = new("metrics", "sklearn-logistic-regression.json");

    public static TheoryData<string> Cases() => Fixture.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_EqualsScikitLearnsOptimum(string name)
    {
        JsonElement fixture = Fixture.Case(name);
        double[][] rows = fixture.GetProperty("features").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        bool[] positive = fixture.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray();
        using Tensor features = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length], ScalarType.Float64);

        LogisticModel model = LogisticRegression.Fit(features, positive, fixture.GetProperty("l2").GetDouble(), fixture.GetProperty("positive_weight").GetDouble());

        double[] expected = fixture.GetProperty("coefficients").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, model.Weights.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - model.Weights[i]) < 1e-8, $"{name}: weight {i} is {model.Weights[i]}, scikit-learn's {expected[i]}");
        }
        Assert.True(Math.Abs(fixture.GetProperty("intercept").GetDouble() - model.Intercept) < 1e-8, $"{name}: intercept {model.Intercept}");
        Assert.InRange(model.Iterations, 2, 30);
    }

    [Fact]
    public void Fit_FloatFeatures_GiveTheSameOptimumAsDoubles()
    {
        using Tensor doubles = tensor(new[] { 0.0, 1, 2, 3, 4, 5, 1, 0 }, [8, 1], ScalarType.Float64);
        bool[] positive = [false, false, true, false, true, true, true, false];

        LogisticModel a = LogisticRegression.Fit(doubles, positive, 0.5);
        using Tensor floats = doubles.to(ScalarType.Float32);
        LogisticModel b = LogisticRegression.Fit(floats, positive, 0.5);

        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Intercept, b.Intercept);
    }

    [Fact]
    public void Fit_OneClassOnly_SaysWhy()
    {
        using Tensor features = ones(4, 2);

        ArgumentException error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(features, [false, false, false, false], 1));

        Assert.Contains("both classes", error.Message, StringComparison.Ordinal);
    }
}
