using System.Net;
using System.Net.Sockets;
using System.Text;
using ToxicComments.Hub;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Hub;

public sealed class HubClientTests : IDisposable
{
    internal const string RepoId = "org/tiny-bert";
    internal const string Commit = "0123456789abcdef0123456789abcdef01234567";
    internal const string Token = "hf_TestTokenThatMustNeverBeShown";

    private readonly TempFolder temp = new();
    private readonly FakeHubServer server = new();

    public HubClientTests() => server.Add(TinyBert());

    /// <summary>A model as the Hub holds one: small files in git, the weights in LFS, and files a fine-tune does not need.</summary>
    internal static FakeHubServer.Repo TinyBert(string id = RepoId, string commit = Commit, bool safetensors = true)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"bert\", \"hidden_size\": 8}"),
            ["vocab.txt"] = Encoding.UTF8.GetBytes("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n"),
            ["tokenizer_config.json"] = Encoding.UTF8.GetBytes("{\"do_lower_case\": true}"),
            ["README.md"] = Encoding.UTF8.GetBytes("# tiny\n"),
            ["pytorch_model.bin"] = Weights(1_000),
        };
        if (safetensors)
        {
            files["model.safetensors"] = Weights(200_000);
        }
        return new FakeHubServer.Repo(id, commit, files, new HashSet<string> { "model.safetensors", "pytorch_model.bin" });
    }

    internal static byte[] Weights(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private string Cache => temp.File("hub");

    private string RepoFolder => Path.Combine(Cache, "models--org--tiny-bert");

    private HubClient Client(string? token = null, bool offline = false) => new(new HubOptions
    {
        Endpoint = server.Endpoint,
        CacheDirectory = Cache,
        Token = token,
        Offline = offline,
        Timeout = TimeSpan.FromSeconds(5),
        MaxRetries = 2,
        RetryDelay = TimeSpan.Zero,
    });

    private async Task<string> DownloadAsync(string? token = null, bool offline = false, string repoId = RepoId, string revision = "main",
                                             List<HubDownloadProgress>? progress = null)
    {
        using HubClient hub = Client(token, offline);
        return await hub.DownloadModelAsync(repoId, revision, progress is null ? null : new ListProgress(progress));
    }

    private async Task<HubException> FailAsync(string? token = null, bool offline = false, string repoId = RepoId, string revision = "main") =>
        await Assert.ThrowsAsync<HubException>(() => DownloadAsync(token, offline, repoId, revision));

    [Fact]
    public async Task DownloadModelAsync_EmptyCache_WritesBlobsSnapshotLinksAndRef()
    {
        FakeHubServer.Repo repo = TinyBert();

        string snapshot = await DownloadAsync();

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", Commit), snapshot);
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        string[] expected = ["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"];
        Assert.Equal(expected, Directory.GetFileSystemEntries(snapshot).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string name in expected)
        {
            // Blobs are named as huggingface_hub names them: git files by their git sha1, LFS files by their sha256.
            string etag = name == "model.safetensors" ? FakeHubServer.Sha256(repo.Files[name]) : FakeHubServer.GitSha1(repo.Files[name]);
            string link = Path.Combine(snapshot, name);
            Assert.Equal(Path.Combine("..", "..", "blobs", etag), new FileInfo(link).LinkTarget);
            Assert.Equal(repo.Files[name], File.ReadAllBytes(link));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
    }

    [Fact]
    public async Task DownloadModelAsync_EmptyCache_FetchesOnlyWhatAFineTuneNeeds()
    {
        await DownloadAsync();

        string[] fetched = [.. server.FileRequests.Where(r => !r.Cdn).Select(r => Path.GetFileName(r.Path)).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"], fetched);
    }

    [Fact]
    public async Task DownloadModelAsync_NoSafetensors_FetchesPytorchModelBin()
    {
        server.Add(TinyBert("org/old-bert", safetensors: false));

        string snapshot = await DownloadAsync(repoId: "org/old-bert");

        Assert.Equal(Weights(1_000), File.ReadAllBytes(Path.Combine(snapshot, "pytorch_model.bin")));
        Assert.False(File.Exists(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadModelAsync_SecondTime_ServesFromCacheWithoutFileRequests()
    {
        string first = await DownloadAsync();
        int fileRequests = server.FileRequests.Count;
        var progress = new List<HubDownloadProgress>();

        string second = await DownloadAsync(progress: progress);

        Assert.Equal(first, second);
        Assert.Equal(fileRequests, server.FileRequests.Count);
        Assert.Equal(4, progress.Count);
        Assert.All(progress, p => Assert.True(p.FromCache && p.BytesDone == p.TotalBytes && p.TotalBytes > 0, p.ToString()));
    }

    [Fact]
    public async Task DownloadModelAsync_LfsFile_FollowsTheRedirectToTheCdnWithoutTheToken()
    {
        server.RequiredToken = Token;

        await DownloadAsync(token: Token);

        FakeHubServer.Request cdn = Assert.Single(server.Requests, r => r.Cdn);
        Assert.Equal("GET", cdn.Method);
        Assert.Null(cdn.Authorization);
        Assert.All(server.Requests.Where(r => !r.Cdn), r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task DownloadModelAsync_ConnectionDroppedMidFile_ResumesWithRange()
    {
        server.Drop("model.safetensors", times: 1, afterBytes: 70_000);

        string snapshot = await DownloadAsync();

        Assert.Equal(Weights(200_000), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.Equal([null, "bytes=70000-"], server.Requests.Where(r => r.Cdn).Select(r => r.Range));
    }

    [Fact]
    public async Task DownloadModelAsync_ServerIgnoresRange_StartsTheFileOver()
    {
        server.Drop("model.safetensors", times: 1, afterBytes: 70_000);
        server.IgnoreRanges = true;

        string snapshot = await DownloadAsync();

        Assert.Equal("bytes=70000-", server.Requests.Last(r => r.Cdn).Range);
        Assert.Equal(Weights(200_000), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadModelAsync_MoreBytesThanAnnounced_FailsAndKeepsNothing()
    {
        server.Announce("model.safetensors", 150_000);

        HubException error = await FailAsync();

        Assert.Equal($"{RepoId}@main: model.safetensors: the server sent more than the 150,000 bytes the Hub announced; the download was deleted.",
            error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), FakeHubServer.Sha256(Weights(200_000)) + "*"));
    }

    [Fact]
    public async Task DownloadModelAsync_DroppedOnEveryRetry_FailsThenTheNextRunResumes()
    {
        // Three cuts: the first request and both retries (MaxRetries = 2), 10,000 bytes each.
        server.Drop("model.safetensors", times: 3, afterBytes: 10_000);
        string blob = Path.Combine(RepoFolder, "blobs", FakeHubServer.Sha256(Weights(200_000)));

        HubException error = await FailAsync();

        Assert.StartsWith($"{RepoId}@main: model.safetensors: the download broke off 3 times, the last at 30,000 of 200,000 bytes", error.Message);
        Assert.False(File.Exists(blob));
        Assert.Equal(30_000, new FileInfo(blob + ".incomplete").Length);
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", Commit, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "refs", "main")), "the ref names complete snapshots only");

        string snapshot = await DownloadAsync();

        Assert.Equal("bytes=30000-", server.Requests.Last(r => r.Cdn).Range);
        Assert.Equal(Weights(200_000), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.False(File.Exists(blob + ".incomplete"));
    }

    [Fact]
    public async Task DownloadModelAsync_CorruptContent_FailsAndKeepsNoBlobOrSnapshotFile()
    {
        server.Corrupt("model.safetensors");
        string blob = Path.Combine(RepoFolder, "blobs", FakeHubServer.Sha256(Weights(200_000)));

        HubException error = await FailAsync();

        Assert.StartsWith($"{RepoId}@main: model.safetensors: sha256 mismatch", error.Message);
        Assert.EndsWith("the download was deleted.", error.Message);
        Assert.False(File.Exists(blob));
        Assert.False(File.Exists(blob + ".incomplete"), "a corrupt download must not be resumed");
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", Commit, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadModelAsync_UnknownRepository_FailsNamingIt()
    {
        HubException error = await FailAsync(repoId: "org/no-such-model");

        Assert.Equal($"org/no-such-model: no such model repository at {server.Endpoint.AbsoluteUri.TrimEnd('/')}.", error.Message);
        Assert.Empty(server.FileRequests);
    }

    [Fact]
    public async Task DownloadModelAsync_UnknownRevision_FailsNamingIt()
    {
        HubException error = await FailAsync(revision: "v9");

        Assert.StartsWith($"{RepoId}: no revision 'v9' at ", error.Message);
    }

    [Fact]
    public async Task DownloadModelAsync_ListedFileAnswers404_FailsNamingTheFile()
    {
        server.Hide("vocab.txt");

        HubException error = await FailAsync();

        Assert.Equal($"{RepoId}@main: vocab.txt: no such file in the repository.", error.Message);
    }

    [Fact]
    public async Task DownloadModelAsync_GatedWithoutToken_FailsSayingToSetHfToken()
    {
        server.RequiredToken = Token;

        HubException error = await FailAsync();

        Assert.Equal($"{RepoId}@main: the model is gated: accept its terms at {server.Endpoint.AbsoluteUri}{RepoId}"
                     + ", then set HF_TOKEN to an access token of an account that may read it.", error.Message);
    }

    [Fact]
    public async Task DownloadModelAsync_GatedWithWrongToken_FailsWithoutShowingTheToken()
    {
        server.RequiredToken = "hf_TheRightOne";

        HubException error = await FailAsync(token: Token);

        Assert.EndsWith("(the Hub refused the one sent).", error.Message);
        Assert.DoesNotContain(Token, error.ToString());
    }

    [Fact]
    public async Task DownloadModelAsync_GatedWithToken_Downloads()
    {
        server.RequiredToken = Token;

        string snapshot = await DownloadAsync(token: Token);

        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadModelAsync_OfflineWithCachedSnapshot_ReturnsItWithoutRequests()
    {
        string online = await DownloadAsync();
        int requests = server.Requests.Count;

        string offline = await DownloadAsync(offline: true);
        string byCommit = await DownloadAsync(offline: true, revision: Commit);

        Assert.Equal(online, offline);
        Assert.Equal(online, byCommit);
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task DownloadModelAsync_OfflineWithNothingCached_FailsWithoutRequests()
    {
        HubException error = await FailAsync(offline: true);

        Assert.Equal($"{RepoId}@main: not in the cache {Cache}, and HF_HUB_OFFLINE forbids downloading it; "
                     + "unset HF_HUB_OFFLINE to download it once.", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task DownloadModelAsync_ByCommit_WritesNoRef()
    {
        string snapshot = await DownloadAsync(revision: Commit);

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", Commit), snapshot);
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "refs")));
    }

    [Fact]
    public async Task DownloadModelAsync_BlobCachedButNotLinked_LinksItWithoutDownloading()
    {
        // As when another revision brought the same content: blobs are shared by content, snapshots are per commit.
        await DownloadAsync();
        File.Delete(Path.Combine(RepoFolder, "snapshots", Commit, "model.safetensors"));
        int cdnRequests = server.Requests.Count(r => r.Cdn);

        string snapshot = await DownloadAsync();

        Assert.Equal(cdnRequests, server.Requests.Count(r => r.Cdn));
        Assert.Equal(Weights(200_000), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadModelAsync_BlobDeletedUnderItsLink_DownloadsItAgain()
    {
        string snapshot = await DownloadAsync();
        File.Delete(Path.Combine(RepoFolder, "blobs", FakeHubServer.GitSha1(Encoding.UTF8.GetBytes("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n"))));

        await DownloadAsync();

        Assert.Equal("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n", File.ReadAllText(Path.Combine(snapshot, "vocab.txt")));
    }

    [Fact]
    public async Task DownloadModelAsync_NothingListens_FailsSayingItCannotReachTheEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var hub = new HubClient(new HubOptions { Endpoint = new Uri($"http://127.0.0.1:{port}"), CacheDirectory = Cache, Token = Token });

        HubException error = await Assert.ThrowsAsync<HubException>(() => hub.DownloadModelAsync(RepoId));

        Assert.StartsWith($"{RepoId}@main: cannot reach http://127.0.0.1:{port} (", error.Message);
        Assert.DoesNotContain(Token, error.ToString());
    }

    [Theory]
    [InlineData("a/b/c")]
    [InlineData("../etc")]
    [InlineData("org--x/name")]
    [InlineData("name with spaces")]
    [InlineData("")]
    public async Task DownloadModelAsync_InvalidRepoId_FailsBeforeAnyRequest(string repoId)
    {
        HubException error = await FailAsync(repoId: repoId);

        Assert.StartsWith($"'{repoId}': not a model repository id", error.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("refs/../../x")]
    [InlineData("")]
    public async Task DownloadModelAsync_InvalidRevision_FailsBeforeAnyRequest(string revision)
    {
        HubException error = await FailAsync(revision: revision);

        Assert.Equal($"{RepoId}: '{revision}' is not a revision (a branch, a tag or a commit).", error.Message);
        Assert.Empty(server.Requests);
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    private sealed class ListProgress(List<HubDownloadProgress> reports) : IProgress<HubDownloadProgress>
    {
        public void Report(HubDownloadProgress value) => reports.Add(value);
    }
}
