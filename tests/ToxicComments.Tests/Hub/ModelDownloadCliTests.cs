using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Hub;

/// <summary><c>toxic model download</c> as a user runs it, against <see cref="FakeHubServer"/>.</summary>
public sealed class ModelDownloadCliTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeHubServer server = new();

    public ModelDownloadCliTests() => server.Add(HubClientTests.TinyBert());

    private ToxicProcess.Result Toxic(string? token, params string[] arguments) =>
        ToxicProcess.RunWithEnvironment(temp.Path, new Dictionary<string, string?>
        {
            ["HF_ENDPOINT"] = server.Endpoint.AbsoluteUri,
            ["HF_HOME"] = temp.File("hf"),
            ["HF_TOKEN"] = token,
            ["HF_HUB_CACHE"] = null,
            ["HF_HUB_OFFLINE"] = null,
        }, "", ["model", "download", .. arguments]);

    [Fact]
    public void ModelDownload_GatedModelWithToken_PrintsTheSnapshotFolderAndNeverTheToken()
    {
        server.RequiredToken = HubClientTests.Token;

        ToxicProcess.Result result = Toxic(HubClientTests.Token, HubClientTests.RepoId);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string snapshot = Path.Combine(temp.File("hf"), "hub", "models--org--tiny-bert", "snapshots", HubClientTests.Commit);
        Assert.Equal(snapshot + "\n", result.Stdout);
        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        // Not a terminal: a line per file on stderr, stdout kept for the folder.
        Assert.Contains("model.safetensors: 200,000 bytes\n", result.Stderr);
        Assert.DoesNotContain(HubClientTests.Token, result.Stdout + result.Stderr);
    }

    [Fact]
    public void ModelDownload_Revision_DownloadsThatRevision()
    {
        ToxicProcess.Result result = Toxic(null, HubClientTests.RepoId, "--revision", HubClientTests.Commit);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.EndsWith(HubClientTests.Commit + "\n", result.Stdout);
        Assert.Contains(server.Requests, r => r.Path.EndsWith($"/revision/{HubClientTests.Commit}", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelDownload_UnknownRepository_OneLineErrorAndExitCodeOne()
    {
        ToxicProcess.Result result = Toxic(null, "org/no-such-model");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"toxic: org/no-such-model: no such model repository at {server.Endpoint.AbsoluteUri.TrimEnd('/')}.\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void ModelDownload_GatedModelWrongToken_OneLineErrorWithoutTheToken()
    {
        server.RequiredToken = "hf_TheRightOne";

        ToxicProcess.Result result = Toxic(HubClientTests.Token, HubClientTests.RepoId);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"toxic: {HubClientTests.RepoId}@main: the model is gated", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(HubClientTests.Token, result.Stdout + result.Stderr);
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }
}
