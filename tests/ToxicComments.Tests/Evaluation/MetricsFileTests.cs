using System.Text.Json;
using ToxicComments.Evaluation;
using ToxicComments.Tests.Support;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class MetricsFileTests
{
    private static readonly MetricsContext Context = new(
        new Dictionary<string, object?> { ["test"] = "data/test.csv", ["rows"] = 4 },
        new Dictionary<string, object?> { ["folder"] = "model", ["labels"] = Labels },
        new Dictionary<string, double> { ["score"] = 1.25 });

    [Theory]
    [MemberData(nameof(SklearnMetricFixtures.Names), MemberType = typeof(SklearnMetricFixtures))]
    public void Write_SklearnCases_ReportKeysAndValuesAreScikitLearns(string caseName)
    {
        using var temp = new TempFolder();
        JsonElement golden = Case(caseName);
        TestEvaluation evaluation = TestEvaluation.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")), Labels);

        MetricsFile.Write(temp.File("metrics.json"), evaluation, Context);

        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(temp.File("metrics.json")));
        JsonElement root = written.RootElement;
        // The report is classification_report(output_dict=True, zero_division=0): same keys, same values.
        JsonElement expected = golden.GetProperty("classification_report").GetProperty("0");
        JsonElement actual = root.GetProperty("at_threshold_0_5").GetProperty("classification_report");
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
        foreach (JsonProperty row in expected.EnumerateObject())
        {
            Assert.Equal(row.Value.EnumerateObject().Select(p => p.Name), actual.GetProperty(row.Name).EnumerateObject().Select(p => p.Name));
            foreach (JsonProperty value in row.Value.EnumerateObject())
            {
                double a = actual.GetProperty(row.Name).GetProperty(value.Name).GetDouble();
                Assert.InRange(a, value.Value.GetDouble() - Tolerance, value.Value.GetDouble() + Tolerance);
            }
        }
        for (int j = 0; j < Labels.Count; j++)
        {
            JsonElement auc = root.GetProperty("roc_auc").GetProperty("per_label").GetProperty(Labels[j]);
            double? expectedAuc = NullableDouble(golden.GetProperty("roc_auc")[j]);
            Assert.Equal(expectedAuc is null, auc.ValueKind == JsonValueKind.Null);
            Assert.Equal(expectedAuc is null, root.GetProperty("roc_auc").GetProperty("undefined").TryGetProperty(Labels[j], out _));
            if (expectedAuc is double value)
            {
                Assert.InRange(auc.GetDouble(), value - Tolerance, value + Tolerance);
            }
        }
        Assert.Equal(golden.GetProperty("hamming_loss").GetDouble(), root.GetProperty("at_threshold_0_5").GetProperty("hamming_loss").GetDouble(), Tolerance);
        Assert.Equal(golden.GetProperty("accuracy").GetDouble(), root.GetProperty("at_threshold_0_5").GetProperty("subset_accuracy").GetDouble(), Tolerance);
        Assert.Equal(golden.GetProperty("average_precision_macro").GetDouble(), root.GetProperty("average_precision").GetProperty("macro").GetDouble(), Tolerance);
    }

    [Fact]
    public void Write_KeepsTheCallersIdentityAndTimingsAndLabelsTheTutorialsFigure()
    {
        using var temp = new TempFolder();
        JsonElement golden = Case("tiny");
        int[,] labels = Ints(golden.GetProperty("y_true"));
        double[,] scores = Doubles(golden.GetProperty("y_score"));
        TestEvaluation evaluation = TestEvaluation.Compute(labels, scores, Labels, ThresholdTuning.Tune(labels, scores, Labels));

        MetricsFile.Write(temp.File("metrics.json"), evaluation, Context);

        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(temp.File("metrics.json")));
        JsonElement root = written.RootElement;
        Assert.Equal("data/test.csv", root.GetProperty("data").GetProperty("test").GetString());
        Assert.Equal(4, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(Labels, root.GetProperty("model").GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1.25, root.GetProperty("timings_seconds").GetProperty("score").GetDouble());
        Assert.Equal(4, root.GetProperty("rows").GetInt32());
        Assert.StartsWith("the tutorial's figure", root.GetProperty("roc_auc_on_predictions_at_0_5").GetProperty("computed_on").GetString());
        JsonElement tuned = root.GetProperty("at_tuned_thresholds");
        Assert.Equal(evaluation.Tuned!.Thresholds, Labels.Select(l => tuned.GetProperty("thresholds").GetProperty(l).GetDouble()));
        // severe_toxic and threat have no positives here: their thresholds are the fallback, with the reason.
        Assert.Contains("no positives", tuned.GetProperty("notes").GetProperty("threat").GetString());
        Assert.Equal(evaluation.AtTuned!.HammingLoss, tuned.GetProperty("hamming_loss").GetDouble());
        Assert.Equal(["metrics.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
