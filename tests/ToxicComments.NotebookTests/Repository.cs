namespace ToxicComments.NotebookTests;

/// <summary>Paths in the repository these tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Notebooks => Path.Combine(Root, "notebooks");

    public static IReadOnlyList<string> NotebookFiles =>
        Directory.GetFiles(Notebooks, "*.ipynb").Where(f => !f.EndsWith(".out.ipynb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ToxicNotebooks.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no ToxicNotebooks.sln above {AppContext.BaseDirectory}");
    }
}
