namespace ToxicComments.NotebookTests;

public sealed class MalformedDataNotebookTests
{
    [Fact]
    public void Load_BadTrainCsv_TheFailingCellShowsFileLineAndColumn()
    {
        string folder = Path.Combine(Path.GetTempPath(), "toxic-bad-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "train.csv"),
                "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\na,\"ok\",0,0,0,0,0,0\nb,\"bad\",0,0,0,2,0,0\n");
            var environment = new Dictionary<string, string> { ["TOXIC_DATA"] = folder, ["TOXIC_ARTIFACTS"] = folder };

            ExecutedNotebook load = NotebookRunner.Run(Path.Combine(Repository.Notebooks, "01-load.ipynb"), environment, folder);

            string? error = load.FirstError();
            Assert.NotNull(error);
            Assert.Contains("JigsawDataset.LoadTrain", error);
            Assert.Contains($"{Path.Combine(folder, "train.csv")}:3: column 'threat': expected 0 or 1, found '2'", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
