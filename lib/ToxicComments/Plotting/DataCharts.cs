using Plotly.NET;
using Plotly.NET.CSharp;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace ToxicComments.Plotting;

/// <summary>Charts of the data stages (01 load, 03 split). A notebook cell shows a returned chart as it is.</summary>
public static class DataCharts
{
    /// <summary>Positives per label, as a bar chart.</summary>
    public static GenericChart LabelCounts(CommentSet comments) =>
        Titled(
            CSharpChart.Column<int, string, string>(comments.LabelCounts(), Keys: LabelNames.All.ToArray()),
            $"Comments per label ({comments.ScoredCount:N0} scored, {comments.LabelledCount:N0} with a label)")
            .WithXAxisStyle<double, double, string>(TitleText: "label")
            .WithYAxisStyle<double, double, string>(TitleText: "comments");

    /// <summary>How often labels occur together, as a heat map (the diagonal holds the label counts).</summary>
    public static GenericChart CoOccurrence(CommentSet comments)
    {
        int[,] matrix = comments.CoOccurrence();
        int[][] rows = Enumerable.Range(0, LabelNames.Count)
            .Select(i => Enumerable.Range(0, LabelNames.Count).Select(j => matrix[i, j]).ToArray())
            .ToArray();
        return Titled(
            CSharpChart.Heatmap<int, string, string, string>(rows, X: LabelNames.All.ToArray(), Y: LabelNames.All.ToArray()),
            "Label co-occurrence (comments that carry both labels)");
    }

    /// <summary>The share of each split's rows that carries each label, one group of bars per label.</summary>
    public static GenericChart LabelSharesBySplit(DatasetSplit split) =>
        Titled(
            CSharpChart.Combine(split.Parts().Select(part =>
                CSharpChart.Column<double, string, string>(
                    part.Rows.LabelCounts().Select(c => part.Rows.Count == 0 ? 0 : (double)c / part.Rows.Count),
                    Keys: LabelNames.All.ToArray(),
                    Name: $"{part.Name} ({part.Rows.Count:N0})"))),
            "Share of rows with each label, per split")
            .WithYAxisStyle<double, double, string>(TitleText: "share of rows");

    /// <summary>Plotly.NET's F# <c>Chart.withTitle</c>, which Plotly.NET.CSharp does not wrap.</summary>
    internal static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);
}
