using ToxicComments.Hub;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Hub;

public sealed class HubCacheFolderTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    [InlineData("org/name", "models--org--name")]
    [InlineData("gpt2", "models--gpt2")]
    public void Path_RepoId_IsHuggingFaceHubsFolderName(string repoId, string folder)
    {
        Assert.Equal(Path.Combine("/cache", folder), new HubCacheFolder("/cache", repoId).Path);
    }

    [Fact]
    public void Paths_BlobsSnapshotsRefs_InHuggingFaceHubsLayout()
    {
        var cache = new HubCacheFolder("/cache", "org/name");

        Assert.Equal("/cache/models--org--name/blobs/abc", cache.BlobPath("abc"));
        Assert.Equal("/cache/models--org--name/blobs/abc.incomplete", cache.IncompletePath("abc"));
        Assert.Equal($"/cache/models--org--name/snapshots/{Commit}/onnx/model.onnx", cache.SnapshotFile(Commit, "onnx/model.onnx"));
        Assert.Equal("/cache/models--org--name/refs/refs/pr/1", cache.RefPath("refs/pr/1"));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData("")]
    public void BlobPath_EtagThatLeavesTheCache_Throws(string etag)
    {
        var cache = new HubCacheFolder("/cache", "org/name");

        HubException error = Assert.Throws<HubException>(() => cache.BlobPath(etag));

        Assert.StartsWith($"org/name: unusable etag '{etag}'", error.Message);
    }

    [Fact]
    public void FindSnapshot_RefOrCommit_ReturnsTheSnapshotFolderOnlyIfItExists()
    {
        using var temp = new TempFolder();
        var cache = new HubCacheFolder(temp.Path, "org/name");

        Assert.Null(cache.FindSnapshot("main"));
        cache.WriteRef("main", Commit);
        Assert.Null(cache.FindSnapshot("main"));
        Directory.CreateDirectory(cache.SnapshotFolder(Commit));

        Assert.Equal(cache.SnapshotFolder(Commit), cache.FindSnapshot("main"));
        Assert.Equal(cache.SnapshotFolder(Commit), cache.FindSnapshot(Commit));
        Assert.Null(cache.FindSnapshot("v2"));
    }

    [Fact]
    public void LinkSnapshotFile_DanglingLinkThere_ReplacesItWithARelativeLink()
    {
        using var temp = new TempFolder();
        var cache = new HubCacheFolder(temp.Path, "org/name");
        Directory.CreateDirectory(Path.GetDirectoryName(cache.BlobPath("new"))!);
        File.WriteAllText(cache.BlobPath("new"), "content");
        Directory.CreateDirectory(cache.SnapshotFolder(Commit));
        File.CreateSymbolicLink(cache.SnapshotFile(Commit, "config.json"), "../../blobs/gone");

        cache.LinkSnapshotFile(Commit, "config.json", "new");

        Assert.Equal("../../blobs/new", new FileInfo(cache.SnapshotFile(Commit, "config.json")).LinkTarget);
        Assert.Equal("content", File.ReadAllText(cache.SnapshotFile(Commit, "config.json")));
    }
}
