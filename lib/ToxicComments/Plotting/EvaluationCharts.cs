using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using ToxicComments.Evaluation;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace ToxicComments.Plotting;

/// <summary>Charts of stage 07, evaluate: the curves behind ROC AUC and average precision, one line per label.</summary>
public static class EvaluationCharts
{
    private static readonly double[] Diagonal = [0.0, 1.0];

    /// <summary>
    /// Each label's ROC curve with its area in the legend, and the diagonal a random ranking would draw. A label
    /// with one class in the true values has no curve; the title names it.
    /// </summary>
    public static GenericChart RocCurves(int[,] labels, double[,] probabilities, IReadOnlyList<string> labelNames)
    {
        var lines = new List<GenericChart>();
        var missing = new List<string>();
        for (int j = 0; j < labelNames.Count; j++)
        {
            int[] truth = Curves.Column(labels, j);
            RocCurve? curve = Curves.Roc(truth, Curves.Column(probabilities, j));
            if (curve is null)
            {
                missing.Add(labelNames[j]);
                continue;
            }
            double area = RocAuc.ForLabel(labelNames[j], truth, Curves.Column(probabilities, j)).Value!.Value;
            lines.Add(CSharpChart.Line<double, double, string>(curve.FalsePositiveRate, curve.TruePositiveRate,
                Name: $"{labelNames[j]} ({area.ToString("F3", CultureInfo.InvariantCulture)})"));
        }
        lines.Add(CSharpChart.Line<double, double, string>(Diagonal, Diagonal, Name: "chance (0.5)",
            LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("gray")));
        string title = "ROC curves on the probabilities (area in brackets)"
            + (missing.Count == 0 ? "" : $"; no curve for {string.Join(", ", missing)}: one class only");
        return DataCharts.Titled(CSharpChart.Combine(lines), title)
            .WithXAxisStyle<double, double, string>(TitleText: "false positive rate")
            .WithYAxisStyle<double, double, string>(TitleText: "true positive rate");
    }

    /// <summary>
    /// Each label's precision-recall curve with its average precision in the legend, drawn as the steps the average
    /// sums (no interpolation between thresholds).
    /// </summary>
    public static GenericChart PrecisionRecallCurves(int[,] labels, double[,] probabilities, IReadOnlyList<string> labelNames)
    {
        var lines = new List<GenericChart>();
        for (int j = 0; j < labelNames.Count; j++)
        {
            int[] truth = Curves.Column(labels, j);
            double[] scores = Curves.Column(probabilities, j);
            PrecisionRecallCurve curve = Curves.PrecisionRecall(truth, scores);
            double ap = AveragePrecision.ForLabel(truth, scores);
            (double[] x, double[] y) = Steps(curve);
            lines.Add(CSharpChart.Line<double, double, string>(x, y, Name: $"{labelNames[j]} ({ap.ToString("F3", CultureInfo.InvariantCulture)})"));
        }
        return DataCharts.Titled(CSharpChart.Combine(lines), "Precision-recall curves (average precision in brackets)")
            .WithXAxisStyle<double, double, string>(TitleText: "recall")
            .WithYAxisStyle<double, double, string>(TitleText: "precision");
    }

    /// <summary>Per label, the comments caught, missed and wrongly flagged, as grouped bars (true negatives would dwarf them).</summary>
    public static GenericChart Confusion(IReadOnlyList<LabelConfusion> confusion)
    {
        string[] names = confusion.Select(c => c.Label).ToArray();
        return DataCharts.Titled(
            CSharpChart.Combine(
            [
                CSharpChart.Column<int, string, string>(confusion.Select(c => c.TruePositives), Keys: names, Name: "caught (true positives)"),
                CSharpChart.Column<int, string, string>(confusion.Select(c => c.FalseNegatives), Keys: names, Name: "missed (false negatives)"),
                CSharpChart.Column<int, string, string>(confusion.Select(c => c.FalsePositives), Keys: names, Name: "wrongly flagged (false positives)"),
            ]),
            "Per label: caught, missed, wrongly flagged")
            .WithYAxisStyle<double, double, string>(TitleText: "comments");
    }

    // Average precision weighs precision P[k] over the recall step from R[k + 1] to R[k]: draw that horizontal step,
    // then the vertical jump to the next precision, so the area under the line is the reported figure.
    private static (double[] Recall, double[] Precision) Steps(PrecisionRecallCurve curve)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int k = 0; k + 1 < curve.Recall.Count; k++)
        {
            x.Add(curve.Recall[k]);
            y.Add(curve.Precision[k]);
            x.Add(curve.Recall[k + 1]);
            y.Add(curve.Precision[k]);
        }
        x.Add(curve.Recall[^1]);
        y.Add(curve.Precision[^1]);
        return ([.. x], [.. y]);
    }
}
