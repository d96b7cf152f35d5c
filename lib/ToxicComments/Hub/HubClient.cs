using System.Text.RegularExpressions;

namespace ToxicComments.Hub;

/// <summary>
/// Downloads a model from the Hugging Face Hub into Hugging Face's own cache (see <see cref="HubCacheFolder"/>), so
/// that a model fetched here is found by Python's <c>huggingface_hub</c> and the other way round. It fetches what a
/// fine-tune needs: <c>config.json</c>, the tokenizer files the repository has, and one set of weights.
/// </summary>
/// <example>
/// <code>
/// using var hub = new HubClient(HubOptions.FromEnvironment());
/// string folder = await hub.DownloadModelAsync("distilbert/distilbert-base-uncased");
/// </code>
/// </example>
public sealed partial class HubClient : IDisposable
{
    private readonly HubHttp http;
    private readonly BlobDownloader blobs;

    /// <summary>A client configured from the environment (<see cref="HubOptions.FromEnvironment()"/>).</summary>
    public HubClient()
        : this(HubOptions.FromEnvironment())
    {
    }

    /// <param name="options">Endpoint, cache, token, offline mode.</param>
    /// <param name="handler">
    /// What sends the requests, for tests; null for a <see cref="SocketsHttpHandler"/>. The client follows redirects
    /// itself, so a handler given here must not.
    /// </param>
    public HubClient(HubOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        http = new HubHttp(options, handler);
        blobs = new BlobDownloader(http, options);
    }

    public HubOptions Options { get; }

    /// <summary>
    /// Downloads the model files of <paramref name="repoId"/> at <paramref name="revision"/> that the cache lacks, and
    /// returns the snapshot folder that holds them all (<c>.../models--org--name/snapshots/{commit}</c>). Offline, it
    /// returns the snapshot the cache holds for the revision.
    /// </summary>
    /// <param name="repoId">The model's repository, <c>org/name</c> or <c>name</c>.</param>
    /// <param name="revision">A branch, a tag or a commit.</param>
    /// <param name="progress">Told as each file downloads, or that it was in the cache.</param>
    /// <param name="cancellationToken">Stops the download; a partial file is kept and resumed by the next call.</param>
    /// <exception cref="HubException">
    /// The model or a file is missing, access is refused, a download broke off for good or failed its check, or the
    /// client is offline and the cache lacks the model. The message is one line and never holds the token.
    /// </exception>
    public async Task<string> DownloadModelAsync(string repoId, string revision = "main", IProgress<HubDownloadProgress>? progress = null,
                                                 CancellationToken cancellationToken = default)
    {
        CheckNames(repoId, revision);
        var cache = new HubCacheFolder(Options.CacheDirectory, repoId);
        if (Options.Offline)
        {
            return cache.FindSnapshot(revision)
                ?? throw new HubException($"{HubHttp.Describe(repoId, revision)}: not in the cache {Options.CacheDirectory}, "
                                          + "and HF_HUB_OFFLINE forbids downloading it; unset HF_HUB_OFFLINE to download it once.");
        }

        HubModelInfo model = await GetModelInfoAsync(repoId, revision, cancellationToken).ConfigureAwait(false);
        string snapshot = cache.SnapshotFolder(model.Commit);
        foreach (string fileName in model.ModelFiles(repoId))
        {
            await DownloadFileAsync(cache, revision, model.Commit, fileName, progress, cancellationToken).ConfigureAwait(false);
        }
        // The ref is written last: offline runs follow it, and must find a complete snapshot when they do.
        if (revision != model.Commit)
        {
            cache.WriteRef(revision, model.Commit);
        }
        return snapshot;
    }

    public void Dispose() => http.Dispose();

    private async Task<HubModelInfo> GetModelInfoAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendForMetadataAsync(HttpMethod.Get, http.ModelInfoUri(repoId, revision),
            HubHttp.Describe(repoId, revision), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw http.StatusError(response, repoId, revision, fileName: null);
        }
        string json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return HubModelInfo.Parse(json, repoId, revision);
    }

    private async Task DownloadFileAsync(HubCacheFolder cache, string revision, string commit, string fileName,
                                         IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // A snapshot file is a link to a complete, verified blob: if it resolves, there is nothing to do, not even a request.
        // (A link whose blob was deleted counts as missing; a copy, made where links cannot be, counts as present.)
        var linked = new FileInfo(cache.SnapshotFile(commit, fileName));
        if ((linked.LinkTarget is null ? linked : linked.ResolveLinkTarget(returnFinalTarget: true)) is FileInfo { Exists: true } cached)
        {
            progress?.Report(new HubDownloadProgress(fileName, cached.Length, cached.Length, FromCache: true));
            return;
        }

        HubFileMetadata file = await GetFileMetadataAsync(cache.RepoId, revision, commit, fileName, cancellationToken).ConfigureAwait(false);
        var blob = new FileInfo(cache.BlobPath(file.Etag));
        if (blob.Exists && blob.Length == file.Size)
        {
            // Another revision already brought this content (blobs are shared by content); only the link is new.
            progress?.Report(new HubDownloadProgress(fileName, file.Size, file.Size, FromCache: true));
        }
        else
        {
            await blobs.DownloadAsync(cache, revision, fileName, file, progress, cancellationToken).ConfigureAwait(false);
        }
        cache.LinkSnapshotFile(commit, fileName, file.Etag);
    }

    private async Task<HubFileMetadata> GetFileMetadataAsync(string repoId, string revision, string commit, string fileName,
                                                             CancellationToken cancellationToken)
    {
        string what = HubHttp.Describe(repoId, revision, fileName);
        Uri resolve = http.ResolveUri(repoId, commit, fileName);
        using HttpResponseMessage response = await SendForMetadataAsync(HttpMethod.Head, resolve, what, cancellationToken).ConfigureAwait(false);
        // A redirect is not a failure here: it is how the Hub answers for an LFS file, with the file's metadata.
        if ((int)response.StatusCode >= 400)
        {
            throw http.StatusError(response, repoId, revision, fileName);
        }
        HubFileMetadata file = HubFileMetadata.FromResponse(response, response.RequestMessage?.RequestUri ?? resolve)
            ?? throw new HubException($"{what}: the Hub's answer gives no ETag or no size, so the download could not be checked.");
        if (file.Commit is { } resolved && resolved != commit)
        {
            throw new HubException($"{what}: the Hub resolved the file at commit {resolved}, not at {commit} as asked.");
        }
        return file;
    }

    private async Task<HttpResponseMessage> SendForMetadataAsync(HttpMethod method, Uri uri, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(method, uri, resumeFrom: 0, relativeRedirectsOnly: true,
                HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw http.NetworkError(e, what);
        }
    }

    private static void CheckNames(string repoId, string revision)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        ArgumentNullException.ThrowIfNull(revision);
        // huggingface_hub's rule: name or namespace/name, word characters, '-' and '.', no '--' or '..' (the cache
        // folder joins the two parts with '--'), at most 96 characters.
        if (!RepoIdPattern().IsMatch(repoId) || repoId.Length > 96
            || repoId.Contains("--", StringComparison.Ordinal) || repoId.Contains("..", StringComparison.Ordinal))
        {
            throw new HubException($"'{repoId}': not a model repository id (expected name or org/name: letters, digits, '-', '_', '.').");
        }
        if (revision.Length == 0 || revision.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new HubException($"{repoId}: '{revision}' is not a revision (a branch, a tag or a commit).");
        }
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?/)?[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$")]
    private static partial Regex RepoIdPattern();
}
