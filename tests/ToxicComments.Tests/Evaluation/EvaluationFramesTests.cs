using System.Text.Json;
using Microsoft.Data.Analysis;
using ToxicComments.Evaluation;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Evaluation;

public sealed class EvaluationFramesTests
{
    [Fact]
    public void Report_HasTheReportsRowsAndTheThresholds()
    {
        TestEvaluation evaluation = Tiny();

        DataFrame frame = EvaluationFrames.Report(evaluation.AtHalf);

        Assert.Equal(Labels.Count + 4, frame.Rows.Count);
        Assert.Equal("insult", frame[4, 0]);
        Assert.Equal(0.5, frame[4, 1]);
        Assert.Equal(evaluation.AtHalf.Report["insult"].F1, frame[4, 4]);
        Assert.Equal("samples avg", frame[frame.Rows.Count - 1, 0]);
        Assert.Null(frame[frame.Rows.Count - 1, 1]);
        Assert.Equal(evaluation.AtHalf.Report.SamplesAverage.Support, frame[frame.Rows.Count - 1, 5]);
    }

    [Fact]
    public void RocAuc_UndefinedLabelsAreEmptyWithTheirReason()
    {
        TestEvaluation evaluation = Tiny();

        DataFrame frame = EvaluationFrames.RocAuc(evaluation);

        // tiny: severe_toxic has no positives.
        Assert.Null(frame[1, 1]);
        Assert.StartsWith("only one class", (string)frame[1, 3]);
        Assert.Equal(evaluation.RocAuc.Macro, frame[Labels.Count, 1]);
        Assert.Equal(evaluation.TutorialRocAuc.PerLabel[0].Value, frame[0, 2]);
    }

    private static TestEvaluation Tiny()
    {
        JsonElement golden = Case("tiny");
        return TestEvaluation.Compute(Ints(golden.GetProperty("y_true")), Doubles(golden.GetProperty("y_score")), Labels);
    }
}
