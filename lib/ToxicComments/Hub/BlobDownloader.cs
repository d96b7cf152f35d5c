using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace ToxicComments.Hub;

/// <summary>
/// Downloads one blob into the cache so that it appears only complete and verified: the bytes go to
/// <c>blobs/{etag}.incomplete</c>; a connection that breaks off is resumed from that file's length with
/// <c>Range: bytes=N-</c>, a bounded number of times (the file is kept, so a later run resumes too); the size and,
/// for LFS files, the sha256 are checked; then the file is renamed to <c>blobs/{etag}</c>. A file that fails the
/// checks is deleted, so that no run ever resumes from bad bytes.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, HubOptions options)
{
    private const int BufferSize = 1 << 16;

    /// <param name="cache">The repository's cache folder.</param>
    /// <param name="revision">The revision asked for, for messages.</param>
    /// <param name="fileName">The file's name in the repository.</param>
    /// <param name="file">What the Hub said about the file: where it is, its etag, size and hash.</param>
    /// <param name="progress">Told after every read.</param>
    /// <param name="cancellationToken">Stops the download; what is on disk is kept for a resume.</param>
    public async Task DownloadAsync(HubCacheFolder cache, string revision, string fileName, HubFileMetadata file,
                                    IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string what = HubHttp.Describe(cache.RepoId, revision, fileName);
        string incomplete = cache.IncompletePath(file.Etag);
        Directory.CreateDirectory(Path.GetDirectoryName(incomplete)!);
        TimeSpan delay = options.RetryDelay;
        for (int resumes = 0; ; resumes++)
        {
            string? broken = await TryFetchAsync(cache.RepoId, revision, fileName, file, incomplete, progress, cancellationToken).ConfigureAwait(false);
            if (broken is null)
            {
                break;
            }
            if (resumes == options.MaxRetries)
            {
                long done = LengthOf(incomplete);
                throw new HubException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: the download broke off {resumes + 1} times, the last at {done:N0} of {file.Size:N0} bytes ({broken}); run again to resume it."));
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
        await VerifyAsync(file, incomplete, what, cancellationToken).ConfigureAwait(false);
        File.Move(incomplete, cache.BlobPath(file.Etag), overwrite: true);
    }

    /// <summary>One request for what <paramref name="incomplete"/> still lacks; null once it holds the whole file, else why not.</summary>
    private async Task<string?> TryFetchAsync(string repoId, string revision, string fileName, HubFileMetadata file, string incomplete,
                                              IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long done = LengthOf(incomplete);
        if (done > file.Size)
        {
            // Longer than the file: not a prefix of it, whatever it is.
            File.Delete(incomplete);
            done = 0;
        }
        if (done == file.Size)
        {
            return null;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(HttpMethod.Get, file.Location, done, relativeRedirectsOnly: false,
                HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "no answer in time";
        }
        using (response)
        {
            int status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
            }
            if (!response.IsSuccessStatusCode)
            {
                throw http.StatusError(response, repoId, revision, fileName);
            }
            // 206 continues the file; 200 is the whole file again, from a server that ignores ranges.
            bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
            if (resumed && response.Content.Headers.ContentRange?.From != done)
            {
                File.Delete(incomplete);
                return "the server resumed at another offset";
            }
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var output = new FileStream(incomplete, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None,
                    BufferSize, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    return await CopyAsync(body, output, file, fileName, HubHttp.Describe(repoId, revision, fileName), progress, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<string?> CopyAsync(Stream body, FileStream output, HubFileMetadata file, string fileName, string what,
                                          IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        // HttpClient's timeout ends with the headers; a server that stalls mid-body is caught by a timeout per read.
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        progress?.Report(new HubDownloadProgress(fileName, output.Length, file.Size, FromCache: false));
        while (true)
        {
            int read;
            readTimeout.CancelAfter(options.Timeout);
            try
            {
                read = await body.ReadAsync(buffer, readTimeout.Token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return "no data in time";
            }
            readTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
            if (read == 0)
            {
                return output.Length == file.Size ? null : "the connection closed early";
            }
            if (output.Length + read > file.Size)
            {
                await output.DisposeAsync().ConfigureAwait(false);
                File.Delete(output.Name);
                throw new HubException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: the server sent more than the {file.Size:N0} bytes the Hub announced; the download was deleted."));
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            progress?.Report(new HubDownloadProgress(fileName, output.Length, file.Size, FromCache: false));
        }
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static async Task VerifyAsync(HubFileMetadata file, string incomplete, string what, CancellationToken cancellationToken)
    {
        if (file.Sha256 is not { } expected)
        {
            return;
        }
        // Hashed from disk, once, rather than while downloading: a resumed file's first part came from an earlier run.
        string actual;
        FileStream content = File.OpenRead(incomplete);
        await using (content.ConfigureAwait(false))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        }
        if (actual != expected)
        {
            File.Delete(incomplete);
            throw new HubException($"{what}: sha256 mismatch: the Hub announced {expected}, the download has {actual}; the download was deleted.");
        }
    }
}
