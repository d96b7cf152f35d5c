using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class CurvesTests
{
    [Fact]
    public void Roc_ScikitLearnsDocExample_GivesItsPoints()
    {
        // sklearn.metrics.roc_curve's docstring: y = [1, 1, 2, 2] (2 positive), scores [0.1, 0.4, 0.35, 0.8].
        RocCurve curve = Curves.Roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])!;

        Assert.Equal([0, 0, 0.5, 0.5, 1], curve.FalsePositiveRate);
        Assert.Equal([0, 0.5, 0.5, 1, 1], curve.TruePositiveRate);
        Assert.Equal([1.8, 0.8, 0.4, 0.35, 0.1], curve.Thresholds);
    }

    [Fact]
    public void PrecisionRecall_ScikitLearnsDocExample_GivesItsPoints()
    {
        // sklearn.metrics.precision_recall_curve's docstring (1.1 and later: the full curve).
        PrecisionRecallCurve curve = Curves.PrecisionRecall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);

        Assert.Equal([0.5, 2.0 / 3, 0.5, 1, 1], curve.Precision);
        Assert.Equal([1, 1, 0.5, 0.5, 0], curve.Recall);
        Assert.Equal([0.1, 0.35, 0.4, 0.8], curve.Thresholds);
    }

    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Curves_SklearnCases_EncloseTheReportedAreas(string caseName)
    {
        // The charts must show the areas the metrics report: the trapezoids under the ROC points give scikit-learn's
        // roc_auc_score, and the precision-weighted recall steps give its average_precision_score.
        JsonElement golden = Case(caseName);
        int[,] labels = Ints(golden.GetProperty("y_true"));
        double[,] scores = Doubles(golden.GetProperty("y_score"));

        for (int j = 0; j < Labels.Count; j++)
        {
            RocCurve? roc = Curves.Roc(Curves.Column(labels, j), Curves.Column(scores, j));
            double? expectedAuc = NullableDouble(golden.GetProperty("roc_auc")[j]);
            if (expectedAuc is null)
            {
                Assert.Null(roc);
            }
            else
            {
                Assert.InRange(Trapezoids(roc!), expectedAuc.Value - Tolerance, expectedAuc.Value + Tolerance);
            }

            PrecisionRecallCurve pr = Curves.PrecisionRecall(Curves.Column(labels, j), Curves.Column(scores, j));
            double expectedAp = golden.GetProperty("average_precision")[j].GetDouble();
            Assert.InRange(Steps(pr), expectedAp - Tolerance, expectedAp + Tolerance);
            Assert.Equal(pr.Thresholds.Count + 1, pr.Precision.Count);
        }
    }

    [Fact]
    public void Roc_OneClass_IsNull()
    {
        Assert.Null(Curves.Roc([0, 0, 0], [0.1, 0.2, 0.3]));
        Assert.Null(Curves.Roc([1, 1], [0.1, 0.2]));
    }

    private static double Trapezoids(RocCurve curve)
    {
        double area = 0;
        for (int k = 1; k < curve.FalsePositiveRate.Count; k++)
        {
            area += (curve.FalsePositiveRate[k] - curve.FalsePositiveRate[k - 1]) * (curve.TruePositiveRate[k] + curve.TruePositiveRate[k - 1]) / 2;
        }

        return area;
    }

    // scikit-learn: -sum(diff(recall) * precision[:-1]).
    private static double Steps(PrecisionRecallCurve curve)
    {
        double sum = 0;
        for (int k = 0; k + 1 < curve.Recall.Count; k++)
        {
            sum += (curve.Recall[k + 1] - curve.Recall[k]) * curve.Precision[k];
        }

        return -sum;
    }
}
