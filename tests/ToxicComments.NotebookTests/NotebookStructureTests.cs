using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ToxicComments.NotebookTests;

/// <summary>The house rules every notebook follows, checked on the committed files.</summary>
public sealed partial class NotebookStructureTests
{
    public static TheoryData<string> Notebooks() => new(Repository.NotebookFiles.Select(Path.GetFileName)!);

    [Fact]
    public void Notebooks_CoverTheStagesInOrder()
    {
        Assert.Equal(["00-setup.ipynb", "01-load.ipynb", "02-filter.ipynb", "03-split.ipynb", "04-tokenize.ipynb"],
            Repository.NotebookFiles.Select(Path.GetFileName).Take(5));
    }

    [Fact]
    public void ReferencesCell_IsIdenticalInEveryNotebook()
    {
        string[] cells = Repository.NotebookFiles.Select(f => Sources(f, "code").First()).Distinct().ToArray();

        Assert.Single(cells);
    }

    [Fact]
    public void ReferencesCell_ImportsTheGeneratedReferences_AndNoNotebookNamesAPackageItself()
    {
        string references = Sources(Repository.NotebookFiles[0], "code").First();

        Assert.EndsWith("#!import references.dib", references.TrimEnd(), StringComparison.Ordinal);
        // The backend (TorchSharp-cpu or TorchSharp-cuda-linux) and the versions come from the generated file alone.
        Assert.All(Repository.NotebookFiles, file => Assert.DoesNotContain(Sources(file, "code"), cell => NuGetReference().IsMatch(cell) || cell.Contains("#r \"", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public void GeneratedReferences_FollowTorchBackend_AtDirectoryPackagesPropsVersions(string backend, string package)
    {
        string written = Path.Combine(Path.GetTempPath(), $"references-{backend}-{Guid.NewGuid():N}.dib");
        try
        {
            // What `dotnet build -p:TorchBackend=cuda` writes, without building: the CUDA packages are not needed for it.
            NotebookRunner.Dotnet(Repository.Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(3),
                "msbuild", "lib/ToxicComments.Hosting/ToxicComments.Hosting.csproj", "-t:WriteNotebookReferences", "-nologo", "-v:q",
                $"-p:TorchBackend={backend}", $"-p:NotebookReferencesPath={written}");
            string references = File.ReadAllText(written);
            Dictionary<string, string> central = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props"))
                .Descendants("PackageVersion")
                .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
            MatchCollection pinned = NuGetReference().Matches(references);

            Assert.Equal(5, pinned.Count);
            Assert.All(pinned, match => Assert.Equal(central[match.Groups["package"].Value], match.Groups["version"].Value));
            Assert.Contains(pinned, match => match.Groups["package"].Value == package);
            Assert.DoesNotContain(pinned, match => match.Groups["package"].Value.StartsWith("TorchSharp-", StringComparison.Ordinal) && match.Groups["package"].Value != package);
            Assert.Contains("ToxicComments.Hosting.PlatformFixes.Apply();", references, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(written);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_IsCommittedWithoutOutputs(string name)
    {
        using JsonDocument notebook = Parse(name);

        Assert.All(notebook.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"), cell =>
        {
            Assert.Empty(cell.GetProperty("outputs").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("execution_count").ValueKind);
        });
        Assert.Equal(".net-csharp", notebook.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_OpensWithTitleInputsAndOutputsAndEndsWithTheNextStep(string name)
    {
        string[] markdown = Sources(Path.Combine(Repository.Notebooks, name), "markdown");

        Assert.StartsWith($"# {name[..2]} · ", markdown[0]);
        Assert.Contains("**Inputs:**", markdown[0]);
        Assert.Contains("**Outputs:**", markdown[0]);
        Assert.StartsWith("Next:", markdown[^1]);
    }

    private static JsonDocument Parse(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Notebooks, name)));

    private static string[] Sources(string path, string cellType)
    {
        using JsonDocument notebook = JsonDocument.Parse(File.ReadAllText(path));
        return notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == cellType)
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())))
            .ToArray();
    }

    [GeneratedRegex(@"#r ""nuget: (?<package>[^,""]+), (?<version>[^""]+)""")]
    private static partial Regex NuGetReference();
}
