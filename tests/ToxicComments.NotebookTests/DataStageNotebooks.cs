namespace ToxicComments.NotebookTests;

/// <summary>
/// Runs every notebook in notebooks/, in order, once for all the tests of the collection: each stage reads what
/// the one before saved, in one artifacts folder, as a user working through them would.
/// </summary>
public sealed class DataStageNotebooks : IDisposable
{
    public DataStageNotebooks()
    {
        Artifacts = Path.Combine(Path.GetTempPath(), "toxic-notebooks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Artifacts);
        var environment = new Dictionary<string, string> { ["TOXIC_ARTIFACTS"] = Artifacts };
        Executed = Repository.NotebookFiles.Where(CanRunNow).ToDictionary(
            path => Path.GetFileName(path),
            path => NotebookRunner.Run(path, environment, Artifacts));
    }

    public string Artifacts { get; }

    /// <summary>
    /// Notebooks 07 (evaluate) and 08 (predict) start from the model stage 05 trains. Until the training notebook is
    /// in notebooks/, they have no model to start from: their structure is checked (NotebookStructureTests), and they
    /// run here as soon as a 05 notebook exists.
    /// </summary>
    private static bool CanRunNow(string path)
    {
        string name = Path.GetFileName(path);
        bool needsModel = name.StartsWith("07-", StringComparison.Ordinal) || name.StartsWith("08-", StringComparison.Ordinal);
        return !needsModel || Repository.NotebookFiles.Any(f => Path.GetFileName(f).StartsWith("05-", StringComparison.Ordinal));
    }

    /// <summary>Every notebook by file name, as executed.</summary>
    internal IReadOnlyDictionary<string, ExecutedNotebook> Executed { get; }

    internal ExecutedNotebook this[string name] =>
        Executed.TryGetValue(name, out ExecutedNotebook? notebook) ? notebook : throw new InvalidOperationException($"no notebook {name}");

    public void Dispose() => Directory.Delete(Artifacts, recursive: true);
}

[CollectionDefinition(nameof(DataStageNotebooks))]
public sealed class DataStageNotebooksDefinition : ICollectionFixture<DataStageNotebooks>;
