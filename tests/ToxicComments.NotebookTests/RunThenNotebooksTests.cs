using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;

namespace ToxicComments.NotebookTests;

/// <summary>
/// The front ends share one run folder: after <c>./toxic run</c> at the repository root, notebooks 06 to 08 opened
/// with no setting at all show that run. A copy of the repository's layout in a temporary folder (the notebooks, the
/// built library through a link, the tool manifest) keeps the real <c>artifacts/</c> untouched.
/// </summary>
public sealed class RunThenNotebooksTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "toxic-layout-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ToxicRun_ThenNotebooks06To08WithNoSetting_ShowThatRun()
    {
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        Directory.CreateDirectory(Path.Combine(root, ".config"));
        File.Copy(Path.Combine(Repository.Root, ".config", "dotnet-tools.json"), Path.Combine(root, ".config", "dotnet-tools.json"));
        Directory.CreateSymbolicLink(Path.Combine(root, "lib"), Path.Combine(Repository.Root, "lib"));
        string[] notebooks = ["06-plot-loss.ipynb", "07-evaluate.ipynb", "08-predict.ipynb"];
        foreach (string notebook in notebooks)
        {
            File.Copy(Path.Combine(Repository.Notebooks, notebook), Path.Combine(root, "notebooks", notebook));
        }

        // The README's command, from the (copied) repository root, with a small and fast run's options.
        NotebookRunner.EnsurePrepared();
        File.Copy(Path.Combine(Repository.Notebooks, "references.dib"), Path.Combine(root, "notebooks", "references.dib"));
        ToxicRun("run", "--data", "synthetic", "--recipe", "tutorial", "--epochs", "1", "--max-length", "64");
        var run = new StageFolders(Path.Combine(root, StageFolders.DefaultFolder));
        string metricsByToxicRun = File.ReadAllText(run.Metrics);
        var executed = notebooks.ToDictionary(n => n, n => NotebookRunner.Run(Path.Combine(root, "notebooks", n), new Dictionary<string, string>(), root));

        Assert.All(executed.Values, notebook => Assert.Null(notebook.FirstError()));
        Assert.Contains(run.Root, executed["07-evaluate.ipynb"].Cell("Evaluating.Run(stages").Shown);
        Assert.Equal(2, executed["06-plot-loss.ipynb"].ChartCount);
        Assert.Contains("I will find where you live.", executed["08-predict.ipynb"].Cell("scorer.Score(comments)").Shown);
        // Notebook 07 scored toxic run's model on toxic run's test split: the same figures, in the same schema.
        Assert.Equal(RocAucSection(metricsByToxicRun), RocAucSection(File.ReadAllText(run.Metrics)));
    }

    private static string RocAucSection(string metrics) =>
        System.Text.Json.JsonDocument.Parse(metrics).RootElement.GetProperty("roc_auc").GetRawText();

    private void ToxicRun(params string[] arguments)
    {
        string toxic = Path.Combine(Repository.Root, "lib", "ToxicComments.Cli", "bin", "Debug", "net10.0", "toxic.dll");
        ExternalTools.Result result = ExternalTools.Run("dotnet", TimeSpan.FromMinutes(10), root, null, [toxic, .. arguments]);
        Assert.True(result.ExitCode == 0, $"toxic {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}\n{result.Stdout}");
    }
}
