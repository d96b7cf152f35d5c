using System.Text.Json;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class ClassificationReportTests
{
    // The 4-row case of the fixtures, thresholded at 0.5 (labels: toxic, severe_toxic, obscene, threat, insult, identity_hate):
    //   true            predicted
    //   1 0 1 0 0 0     1 0 1 0 1 0
    //   0 0 1 0 1 0     0 0 0 0 1 0
    //   1 0 0 0 0 0     0 0 1 0 0 0
    //   0 0 0 0 1 1     1 0 0 1 1 1
    private static readonly int[,] TinyTrue = { { 1, 0, 1, 0, 0, 0 }, { 0, 0, 1, 0, 1, 0 }, { 1, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 1, 1 } };
    private static readonly int[,] TinyPredicted = { { 1, 0, 1, 0, 1, 0 }, { 0, 0, 0, 0, 1, 0 }, { 0, 0, 1, 0, 0, 0 }, { 1, 0, 0, 1, 1, 1 } };

    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Compute_SklearnCases_MatchesClassificationReportForEachZeroDivision(string caseName)
    {
        JsonElement golden = Case(caseName);
        int[,] labels = Ints(golden.GetProperty("y_true"));
        int[,] predictions = Ints(golden.GetProperty("y_pred"));

        foreach ((string key, ZeroDivision zeroDivision) in new[] { ("0", ZeroDivision.Zero), ("0", ZeroDivision.Warn), ("1", ZeroDivision.One) })
        {
            ClassificationReport report = ClassificationReport.Compute(labels, predictions, Labels, zeroDivision);
            JsonElement expected = golden.GetProperty("classification_report").GetProperty(key);

            for (int j = 0; j < Labels.Count; j++)
            {
                AssertRow(expected.GetProperty(Labels[j]), report.PerLabel[j], $"{caseName} {zeroDivision} {Labels[j]}");
            }

            AssertRow(expected.GetProperty("micro avg"), report.MicroAverage, $"{caseName} {zeroDivision} micro");
            AssertRow(expected.GetProperty("macro avg"), report.MacroAverage, $"{caseName} {zeroDivision} macro");
            AssertRow(expected.GetProperty("weighted avg"), report.WeightedAverage, $"{caseName} {zeroDivision} weighted");
            AssertRow(expected.GetProperty("samples avg"), report.SamplesAverage, $"{caseName} {zeroDivision} samples");
        }
    }

    [Fact]
    public void Compute_HandWorkedCase_GivesTheHandComputedScores()
    {
        // toxic: TP 1 of 2 predicted, 2 actual -> P 1/2, R 1/2, F1 1/2.
        // insult: TP 2 of 3 predicted, 2 actual -> P 2/3, R 1, F1 2(2/3)(1)/(5/3) = 4/5.
        // micro: TP 5, predicted 9, actual 7 -> P 5/9, R 5/7, F1 2(25/63)/(80/63) = 5/8.
        // samples: rows (P, R, F1) = (2/3, 1, 4/5), (1, 1/2, 2/3), (0, 0, 0), (1/2, 1, 2/3) -> means 13/24, 5/8, 8/15.
        ClassificationReport report = ClassificationReport.Compute(TinyTrue, TinyPredicted);

        Assert.Equal(new PrecisionRecallF1(0.5, 0.5, 0.5, 2), report["toxic"]);
        Assert.Equal(2.0 / 3, report["insult"].Precision, 15);
        Assert.Equal(0.8, report["insult"].F1, 15);
        Assert.Equal(5.0 / 9, report.MicroAverage.Precision, 15);
        Assert.Equal(5.0 / 7, report.MicroAverage.Recall, 15);
        Assert.Equal(0.625, report.MicroAverage.F1, 15);
        Assert.Equal(13.0 / 24, report.SamplesAverage.Precision, 15);
        Assert.Equal(0.625, report.SamplesAverage.Recall, 15);
        Assert.Equal(8.0 / 15, report.SamplesAverage.F1, 15);
        Assert.Equal(7, report.MicroAverage.Support);
    }

    [Theory]
    [InlineData(ZeroDivision.Warn, 0.0, 0.0)]
    [InlineData(ZeroDivision.Zero, 0.0, 0.0)]
    [InlineData(ZeroDivision.One, 1.0, 1.0)]
    public void Compute_LabelWithNoPositivesNeverPredicted_UsesTheZeroDivisionValue(ZeroDivision zeroDivision, double expected, double expectedF1)
    {
        // severe_toxic: no positives and never predicted: precision 0/0, recall 0/0; F1 is 2·z·z/(2z), 0 when z is 0.
        PrecisionRecallF1 scores = ClassificationReport.Compute(TinyTrue, TinyPredicted, zeroDivision: zeroDivision)["severe_toxic"];

        Assert.Equal(new PrecisionRecallF1(expected, expected, expectedF1, 0), scores);
    }

    [Theory]
    [InlineData(ZeroDivision.Zero, 0.0)]
    [InlineData(ZeroDivision.One, 1.0)]
    public void Compute_LabelWithNoPositivesButPredicted_PrecisionZeroRecallIsTheZeroDivisionValue(ZeroDivision zeroDivision, double recall)
    {
        // threat: predicted once, never true: precision 0/1 = 0, recall 0/0, F1 0 either way.
        PrecisionRecallF1 scores = ClassificationReport.Compute(TinyTrue, TinyPredicted, zeroDivision: zeroDivision)["threat"];

        Assert.Equal(new PrecisionRecallF1(0, recall, 0, 0), scores);
    }

    [Fact]
    public void Compute_LabelNeverPredictedWithZeroDivisionOne_PrecisionOneRecallZeroF1Zero()
    {
        int[,] labels = { { 1 }, { 0 } };
        int[,] predictions = { { 0 }, { 0 } };

        ClassificationReport report = ClassificationReport.Compute(labels, predictions, ["only"], ZeroDivision.One);

        Assert.Equal(new PrecisionRecallF1(1, 0, 0, 1), report["only"]);
    }

    [Theory]
    [InlineData(ZeroDivision.Zero, 0.0)]
    [InlineData(ZeroDivision.One, 1.0)]
    public void Compute_NoPositivesAnywhere_WeightedAverageIsTheZeroDivisionValue(ZeroDivision zeroDivision, double expected)
    {
        ClassificationReport report = ClassificationReport.Compute(new int[3, 2], new int[3, 2], ["a", "b"], zeroDivision);

        Assert.Equal(new PrecisionRecallF1(expected, expected, expected, 0), report.WeightedAverage);
        Assert.Equal(new PrecisionRecallF1(expected, expected, expected, 0), report.SamplesAverage);
    }

    [Fact]
    public void Compute_BoolMatrices_SameAsIntMatrices()
    {
        bool[,] labels = { { true, false }, { true, true } };
        bool[,] predictions = { { true, true }, { false, true } };

        ClassificationReport fromBools = ClassificationReport.Compute(labels, predictions, ["a", "b"]);
        ClassificationReport fromInts = ClassificationReport.Compute(new[,] { { 1, 0 }, { 1, 1 } }, new[,] { { 1, 1 }, { 0, 1 } }, ["a", "b"]);

        Assert.Equal(fromInts.PerLabel, fromBools.PerLabel);
        Assert.Equal(fromInts.SamplesAverage, fromBools.SamplesAverage);
    }

    [Fact]
    public void Compute_ValueOtherThanZeroOrOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(new[,] { { 2 } }, new[,] { { 1 } }, ["a"]));

        Assert.Contains("labels[0, 0] is 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_DifferentShapes_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(new int[2, 6], new int[3, 6]));
    }

    [Fact]
    public void ToString_HandWorkedCase_PrintsWhatSklearnPrints()
    {
        // print(classification_report(y_true, y_pred, target_names=labels, zero_division=0)) in scikit-learn 1.2.1;
        // note 0.625 printed as 0.62: Python rounds half to even.
        const string Sklearn =
            "               precision    recall  f1-score   support\n\n" +
            "        toxic       0.50      0.50      0.50         2\n" +
            " severe_toxic       0.00      0.00      0.00         0\n" +
            "      obscene       0.50      0.50      0.50         2\n" +
            "       threat       0.00      0.00      0.00         0\n" +
            "       insult       0.67      1.00      0.80         2\n" +
            "identity_hate       1.00      1.00      1.00         1\n\n" +
            "    micro avg       0.56      0.71      0.63         7\n" +
            "    macro avg       0.44      0.50      0.47         7\n" +
            " weighted avg       0.62      0.71      0.66         7\n" +
            "  samples avg       0.54      0.62      0.53         7\n";

        Assert.Equal(Sklearn, ClassificationReport.Compute(TinyTrue, TinyPredicted, zeroDivision: ZeroDivision.Zero).ToString());
    }

    [Fact]
    public void ToString_FourDigitsZeroDivisionOne_PrintsWhatSklearnPrints()
    {
        const string Sklearn =
            "               precision    recall  f1-score   support\n\n" +
            "        toxic     0.5000    0.5000    0.5000         2\n" +
            " severe_toxic     1.0000    1.0000    1.0000         0\n" +
            "      obscene     0.5000    0.5000    0.5000         2\n" +
            "       threat     0.0000    1.0000    0.0000         0\n" +
            "       insult     0.6667    1.0000    0.8000         2\n" +
            "identity_hate     1.0000    1.0000    1.0000         1\n\n" +
            "    micro avg     0.5556    0.7143    0.6250         7\n" +
            "    macro avg     0.6111    0.8333    0.6333         7\n" +
            " weighted avg     0.6190    0.7143    0.6571         7\n" +
            "  samples avg     0.5417    0.6250    0.5333         7\n";

        Assert.Equal(Sklearn, ClassificationReport.Compute(TinyTrue, TinyPredicted, zeroDivision: ZeroDivision.One).ToString(4));
    }

    [Fact]
    public void Rows_AreTheLabelsThenTheFourAveragesInScikitLearnsOrder()
    {
        ClassificationReport report = ClassificationReport.Compute(TinyTrue, TinyPredicted);

        IReadOnlyList<ReportRow> rows = report.Rows();

        Assert.Equal([.. report.Labels, "micro avg", "macro avg", "weighted avg", "samples avg"], rows.Select(r => r.Name));
        Assert.Equal(new ReportRow("insult", report["insult"].Precision, report["insult"].Recall, report["insult"].F1, 2), rows[4]);
        Assert.Equal(report.SamplesAverage.F1, rows[^1].F1);
        Assert.Equal(report.MicroAverage.Recall, rows[6].Recall);
    }

    private static void AssertRow(JsonElement expected, PrecisionRecallF1 actual, string where)
    {
        Assert.True(Math.Abs(expected.GetProperty("precision").GetDouble() - actual.Precision) <= Tolerance, $"{where} precision {actual.Precision}");
        Assert.True(Math.Abs(expected.GetProperty("recall").GetDouble() - actual.Recall) <= Tolerance, $"{where} recall {actual.Recall}");
        Assert.True(Math.Abs(expected.GetProperty("f1-score").GetDouble() - actual.F1) <= Tolerance, $"{where} f1 {actual.F1}");
        Assert.Equal(expected.GetProperty("support").GetInt32(), actual.Support);
    }
}
