namespace ToxicComments.NotebookTests;

/// <summary>
/// Runs every notebook in notebooks/, in order, once for all the tests of the collection: each stage reads what
/// the one before saved, in one artifacts folder, as a user working through them would. For speed they run on the
/// embedded synthetic set with the tutorial's recipe (labelled comments only, one model): a few hundred short
/// comments, where the real sample with the recommended recipe trains for minutes. Both are the same code paths,
/// which the library's and the command's tests cover on the real sample.
/// </summary>
public sealed class DataStageNotebooks : IDisposable
{
    public DataStageNotebooks()
    {
        Artifacts = Path.Combine(Path.GetTempPath(), "toxic-notebooks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Artifacts);
        var environment = new Dictionary<string, string> { ["TOXIC_ARTIFACTS"] = Artifacts, ["TOXIC_DATA"] = "synthetic", ["TOXIC_RECIPE"] = "tutorial" };
        Executed = Repository.NotebookFiles.ToDictionary(
            path => Path.GetFileName(path),
            path => NotebookRunner.Run(path, environment, Artifacts));
    }

    public string Artifacts { get; }

    /// <summary>Every notebook by file name, as executed.</summary>
    internal IReadOnlyDictionary<string, ExecutedNotebook> Executed { get; }

    internal ExecutedNotebook this[string name] =>
        Executed.TryGetValue(name, out ExecutedNotebook? notebook) ? notebook : throw new InvalidOperationException($"no notebook {name}");

    public void Dispose() => Directory.Delete(Artifacts, recursive: true);
}

[CollectionDefinition(nameof(DataStageNotebooks))]
public sealed class DataStageNotebooksDefinition : ICollectionFixture<DataStageNotebooks>;
