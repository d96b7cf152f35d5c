using Plotly.NET;
using Plotly.NET.CSharp;
using ToxicComments.Tokenization;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace ToxicComments.Plotting;

/// <summary>Charts of stage 04, tokenize.</summary>
public static class TokenCharts
{
    /// <summary>How many tokens the comments have, as a histogram, with the truncation limit in the title.</summary>
    public static GenericChart LengthHistogram(EncodedTexts encoded) =>
        DataCharts.Titled(
            CSharpChart.Histogram<int, int, string>(X: encoded.Lengths(), NBinsX: 64),
            $"Tokens per comment ({encoded.Count:N0} comments; {encoded.TruncatedCount:N0} cut at {encoded.MaxLength})")
            .WithXAxisStyle<double, double, string>(TitleText: "tokens, [CLS] and [SEP] included")
            .WithYAxisStyle<double, double, string>(TitleText: "comments");
}
