using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using ToxicComments.Evaluation;
using ToxicComments.IO;
using ToxicComments.Plotting;
using ToxicComments.Training;

namespace ToxicComments.Reporting;

/// <summary>
/// The whole run on one self-contained HTML page: training losses, ROC and precision-recall curves, the classification
/// reports as tables. plotly.js is inlined (about 3.5 MB), so the page renders offline, from a mail attachment or an
/// archived CI artifact, years later.
/// </summary>
public static class RunReport
{
    /// <summary>Writes the page to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, ReportContent content) =>
        AtomicFile.WriteText(path, writer => writer.Write(Render(content)));

    /// <summary>The page as a string.</summary>
    public static string Render(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        TestEvaluation evaluation = content.Evaluation;
        var charts = new List<(string Section, GenericChart Chart)>();
        if (content.Losses is { } losses)
        {
            charts.Add(("Training", LossCharts.PerEpoch(losses.Epochs)));
            if (losses.Steps.Count > 0)
            {
                charts.Add(("Training", LossCharts.PerStep(losses.Steps)));
            }
        }
        charts.Add(("ROC curves", EvaluationCharts.RocCurves(content.Labels, content.Probabilities, evaluation.Labels)));
        charts.Add(("Precision-recall curves", EvaluationCharts.PrecisionRecallCurves(content.Labels, content.Probabilities, evaluation.Labels)));

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(content.Title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".facts td{text-align:left}</style>\n<script>").Append(PlotlyScript.Inline).Append("</script>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(content.Title)).Append("</h1>\n<table class=\"facts\">\n");
        foreach ((string name, string value) in content.Facts)
        {
            html.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        if (content.Losses is null)
        {
            html.Append("<h2>Training</h2>\n<p>No training losses: the model was not trained in this run.</p>\n");
        }

        string? section = null;
        for (int i = 0; i < charts.Count; i++)
        {
            if (charts[i].Section != section)
            {
                section = charts[i].Section;
                html.Append("<h2>").Append(Encode(section)).Append("</h2>\n");
            }
            AppendChart(html, $"chart-{i + 1}", charts[i].Chart);
        }

        html.Append("<h2>ROC AUC</h2>\n<p>On the probabilities (the measure of ranking), and as the tutorial computes it, on the 0/1 ")
            .Append("predictions at 0.5 (which is (sensitivity + specificity) / 2 at that one threshold).</p>\n");
        AppendRocAucTable(html, evaluation);
        html.Append("<h2>Classification report at 0.5 (the tutorial's threshold)</h2>\n");
        AppendReport(html, evaluation.AtHalf);
        if (evaluation.AtTuned is not null)
        {
            html.Append("<h2>Classification report at the thresholds tuned on the validation split</h2>\n");
            AppendReport(html, evaluation.AtTuned);
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendChart(StringBuilder html, string id, GenericChart chart)
    {
        // The figure's JSON goes inside a <script>: "</" must not appear there, and "<\/" is the same JSON string.
        string figure = GenericChart.toFigureJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        html.Append("<div class=\"chart\" id=\"").Append(id).Append("\"></div>\n<script>(function(){var figure=").Append(figure)
            .Append(";Plotly.newPlot('").Append(id).Append("',figure.data,figure.layout,{responsive:true,displaylogo:false});})();</script>\n");
    }

    private static void AppendRocAucTable(StringBuilder html, TestEvaluation evaluation)
    {
        html.Append("<table class=\"roc-auc\">\n<tr><th>label</th><th>on probabilities</th><th>on 0/1 predictions (tutorial)</th></tr>\n");
        for (int j = 0; j < evaluation.Labels.Count; j++)
        {
            LabelRocAuc proper = evaluation.RocAuc.PerLabel[j];
            html.Append("<tr><td>").Append(Encode(evaluation.Labels[j])).Append("</td><td>")
                .Append(proper.Value is double value ? Number(value, 4) : Encode("undefined: " + proper.UndefinedReason))
                .Append("</td><td>").Append(Optional(evaluation.TutorialRocAuc.PerLabel[j].Value)).Append("</td></tr>\n");
        }
        html.Append("<tr><th>macro</th><th>").Append(Optional(evaluation.RocAuc.Macro)).Append("</th><th>")
            .Append(Optional(evaluation.TutorialRocAuc.Macro)).Append("</th></tr>\n</table>\n");
    }

    private static void AppendReport(StringBuilder html, ThresholdedScores scores)
    {
        ClassificationReport report = scores.Report;
        html.Append("<table class=\"report\">\n<tr><th></th><th>threshold</th><th>precision</th><th>recall</th><th>f1-score</th><th>support</th></tr>\n");
        IReadOnlyList<ReportRow> rows = report.Rows();
        for (int r = 0; r < rows.Count; r++)
        {
            AppendRow(html, rows[r], r < scores.Thresholds.Count ? Number(scores.Thresholds[r], 3) : "");
        }
        html.Append("</table>\n<p>Hamming loss ").Append(Number(scores.HammingLoss, 4)).Append(", subset accuracy ")
            .Append(Number(scores.SubsetAccuracy, 4)).Append(".</p>\n");
    }

    private static void AppendRow(StringBuilder html, ReportRow row, string threshold) =>
        html.Append("<tr><td>").Append(Encode(row.Name)).Append("</td><td>").Append(threshold).Append("</td><td>").Append(Number(row.Precision, 2))
            .Append("</td><td>").Append(Number(row.Recall, 2)).Append("</td><td>").Append(Number(row.F1, 2))
            .Append("</td><td>").Append(row.Support.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");

    private static string Optional(double? value) => value is double v ? Number(v, 4) : "undefined";

    private static string Number(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
