using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class LabelConfusionTests
{
    [Fact]
    public void Compute_HandWorkedCase_CountsEachCell()
    {
        int[,] labels = { { 1, 0 }, { 1, 1 }, { 0, 0 }, { 0, 1 } };
        int[,] predicted = { { 1, 1 }, { 0, 1 }, { 0, 0 }, { 1, 0 } };

        IReadOnlyList<LabelConfusion> confusion = LabelConfusion.Compute(labels, predicted, ["a", "b"]);

        Assert.Equal(new LabelConfusion("a", 1, 1, 1, 1), confusion[0]);
        Assert.Equal(new LabelConfusion("b", 1, 1, 1, 1), confusion[1]);
    }

    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_AgreesWithTheReportsSupportAndPrecision(string caseName)
    {
        JsonElement golden = Case(caseName);
        int[,] labels = Ints(golden.GetProperty("y_true"));
        int[,] predicted = Ints(golden.GetProperty("y_pred"));

        IReadOnlyList<LabelConfusion> confusion = LabelConfusion.Compute(labels, predicted, Labels);

        JsonElement report = golden.GetProperty("classification_report").GetProperty("0");
        foreach (LabelConfusion c in confusion)
        {
            Assert.Equal(labels.GetLength(0), c.TruePositives + c.FalsePositives + c.FalseNegatives + c.TrueNegatives);
            Assert.Equal(report.GetProperty(c.Label).GetProperty("support").GetInt32(), c.TruePositives + c.FalseNegatives);
            double precision = c.TruePositives + c.FalsePositives == 0 ? 0 : (double)c.TruePositives / (c.TruePositives + c.FalsePositives);
            Assert.Equal(report.GetProperty(c.Label).GetProperty("precision").GetDouble(), precision, Tolerance);
        }
    }
}
