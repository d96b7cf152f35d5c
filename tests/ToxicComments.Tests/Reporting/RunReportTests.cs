using System.Text.Json;
using System.Text.RegularExpressions;
using ToxicComments.Evaluation;
using ToxicComments.Reporting;
using ToxicComments.Tests.Evaluation;
using ToxicComments.Tests.Support;
using ToxicComments.Training;
using static ToxicComments.Tests.Evaluation.SklearnMetricFixtures;

namespace ToxicComments.Tests.Reporting;

public sealed partial class RunReportTests
{
    [Fact]
    public void Write_RendersOfflineInChromiumWithEveryChartDrawn()
    {
        using var temp = new TempFolder();
        ReportContent content = Content("random-continuous", WithLosses());

        RunReport.Write(temp.File("report.html"), content);
        string html = File.ReadAllText(temp.File("report.html"));
        string dom = HeadlessChromium.DumpDom(temp.File("report.html"));

        // Nothing is fetched: every script is inline, and no element outside the scripts points at the web (plotly.js
        // itself holds map attributions with links, as strings it never uses here).
        foreach (string page in (string[])[html, dom])
        {
            Assert.All(ScriptTag().Matches(page), tag => Assert.DoesNotContain("src", tag.Groups["attributes"].Value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotMatch(RemoteReference(), ScriptBody().Replace(page, "<script>"));
        }
        Assert.True(ScriptTag().Count(html) >= 5, "the page has no inline scripts: plotly.js and one per chart");
        // Loss per epoch, loss per step, ROC, PR: four charts, each drawn by plotly into an svg with its traces.
        string[] charts = ChartDivs(dom);
        Assert.Equal(4, charts.Length);
        int[] expectedTraces = [2, 1, LabelsWithBothClasses("random-continuous") + 1, Labels.Count];
        for (int i = 0; i < charts.Length; i++)
        {
            Assert.Contains("main-svg", charts[i]);
            Assert.Equal(expectedTraces[i], Regex.Count(charts[i], "<g class=\"trace scatter"));
        }
    }

    [Fact]
    public void Render_ShowsTheReportTablesAndBothRocAucs()
    {
        ReportContent content = Content("tiny", null);

        string html = RunReport.Render(content);

        Assert.Contains("No training losses", html);
        Assert.Contains("<td>insult</td><td>0.500</td><td>0.67</td><td>1.00</td><td>0.80</td><td>2</td>", html);
        // tiny: severe_toxic has no positives, so its ROC AUC on probabilities is undefined; the tutorial's too.
        Assert.Contains("<td>severe_toxic</td><td>undefined: only one class in the true labels", html);
        Assert.Contains("<td>toxic</td><td>0.6250</td>", html);
        Assert.Contains("<title>tiny &lt;test&gt;</title>", html);
    }

    private static ReportContent Content(string caseName, LossHistory? losses)
    {
        JsonElement golden = Case(caseName);
        int[,] labels = Ints(golden.GetProperty("y_true"));
        double[,] scores = Doubles(golden.GetProperty("y_score"));
        return new ReportContent($"{caseName} <test>", TestEvaluation.Compute(labels, scores, Labels, ThresholdTuning.Tune(labels, scores, Labels)),
            labels, scores, losses, [new("data", "fixture " + caseName)]);
    }

    private static LossHistory WithLosses() => new(
        Enumerable.Range(1, 40).Select(s => new StepLoss(s, (s - 1) / 20, 0.7 / Math.Sqrt(s), 5e-5, 300)),
        [new EpochLoss(0, 20, 0.31, 0.22, 12.5), new EpochLoss(1, 40, 0.18, 0.20, 12.1)]);

    private static int LabelsWithBothClasses(string caseName)
    {
        int[,] labels = Ints(Case(caseName).GetProperty("y_true"));
        return Enumerable.Range(0, Labels.Count).Count(j => Curves.Roc(Curves.Column(labels, j), new double[labels.GetLength(0)]) is not null);
    }

    // Each chart's div, from its opening tag to the next chart's.
    private static string[] ChartDivs(string dom) =>
        dom.Split("id=\"chart-").Skip(1).ToArray();

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();

    [GeneratedRegex(@"<script(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<script[^>]*>.*?</script>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptBody();
}
