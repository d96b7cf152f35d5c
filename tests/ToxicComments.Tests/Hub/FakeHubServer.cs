using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ToxicComments.Tests.Hub;

/// <summary>
/// A Hugging Face Hub on 127.0.0.1 for tests: model repositories in the Hub's URL layout
/// (<c>/api/models/{repo}/revision/{rev}</c>, <c>/{repo}/resolve/{rev}/{file}</c>) with the Hub's headers, and a
/// CDN on a second port that LFS files redirect to, as the real Hub does. It is written on raw sockets, one request
/// per connection, so that a test can cut a connection in the middle of a body.
/// </summary>
public sealed class FakeHubServer : IDisposable
{
    private readonly TcpListener hub = new(IPAddress.Loopback, 0);
    private readonly TcpListener cdn = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops = [];
    private readonly List<Repo> repos = [];
    private readonly List<Request> requests = [];
    private readonly Dictionary<string, (int Times, int AfterBytes)> drops = new(StringComparer.Ordinal);
    private readonly HashSet<string> corrupted = new(StringComparer.Ordinal);
    private readonly HashSet<string> hidden = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> announcedSizes = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public FakeHubServer()
    {
        hub.Start();
        cdn.Start();
        loops.Add(AcceptAsync(hub, isCdn: false));
        loops.Add(AcceptAsync(cdn, isCdn: true));
    }

    /// <summary>One model repository: its id, the commit that <c>main</c> points to, its files, and which of them are in LFS.</summary>
    public sealed record Repo(string Id, string Commit, IReadOnlyDictionary<string, byte[]> Files, IReadOnlySet<string> LfsFiles);

    /// <summary>A request as the server saw it.</summary>
    public sealed record Request(bool Cdn, string Method, string Path, string? Range, string? Authorization);

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)hub.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");

    private Uri CdnEndpoint => new($"http://127.0.0.1:{((IPEndPoint)cdn.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>When set, the server answers a Range request with the whole file (200), as some servers do.</summary>
    public bool IgnoreRanges { get; set; }

    /// <summary>When set, every request to the Hub must carry <c>Authorization: Bearer {token}</c>, else 401 (a gated model).</summary>
    public string? RequiredToken { get; set; }

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Requests for file contents or metadata (resolve and CDN), as opposed to the model listing.</summary>
    public IReadOnlyList<Request> FileRequests => [.. Requests.Where(r => r.Cdn || r.Path.Contains("/resolve/", StringComparison.Ordinal))];

    public void Add(Repo repo)
    {
        lock (gate)
        {
            repos.Add(repo);
        }
    }

    /// <summary>Cuts the next <paramref name="times"/> bodies of <paramref name="fileName"/> after <paramref name="afterBytes"/> bytes.</summary>
    public void Drop(string fileName, int times, int afterBytes)
    {
        lock (gate)
        {
            drops[fileName] = (times, afterBytes);
        }
    }

    /// <summary>Keeps <paramref name="fileName"/> in the listing but answers 404 for it, as for a file deleted since.</summary>
    public void Hide(string fileName)
    {
        lock (gate)
        {
            hidden.Add(fileName);
        }
    }

    /// <summary>Announces <paramref name="size"/> as the size of LFS file <paramref name="fileName"/> instead of its real size.</summary>
    public void Announce(string fileName, long size)
    {
        lock (gate)
        {
            announcedSizes[fileName] = size;
        }
    }

    /// <summary>Serves <paramref name="fileName"/> with one byte changed, length and headers unchanged.</summary>
    public void Corrupt(string fileName)
    {
        lock (gate)
        {
            corrupted.Add(fileName);
        }
    }

    /// <summary>A git blob's id, which the Hub sends as the ETag of files kept in git.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Git names blobs by SHA-1; this computes that name.")]
    public static string GitSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public void Dispose()
    {
        stop.Cancel();
        hub.Stop();
        cdn.Stop();
        try
        {
            Task.WaitAll([.. loops], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loops end by cancellation.
        }
        stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, bool isCdn)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, isCdn));
        }
    }

    private async Task ServeAsync(TcpClient client, bool isCdn)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                (string method, string target, Dictionary<string, string> headers) = await ReadRequestAsync(stream);
                var request = new Request(isCdn, method, Uri.UnescapeDataString(target.Split('?')[0]),
                    headers.GetValueOrDefault("Range"), headers.GetValueOrDefault("Authorization"));
                lock (gate)
                {
                    requests.Add(request);
                }
                Response response = isCdn ? AnswerCdn(request) : AnswerHub(request);
                await WriteAsync(stream, request, response);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away first; nothing to answer.
            }
        }
    }

    private sealed record Response(int Status, Dictionary<string, string> Headers, byte[] Body, string? FileName = null);

    private Response AnswerHub(Request request)
    {
        if (RequiredToken is { } token && request.Authorization != $"Bearer {token}")
        {
            return Error(401, "GatedRepo");
        }
        string path = request.Path;
        if (path.StartsWith("/api/models/", StringComparison.Ordinal) && path.IndexOf("/revision/", StringComparison.Ordinal) is var r and > 0)
        {
            (Repo? repo, Response? error) = Find(path["/api/models/".Length..r], path[(r + "/revision/".Length)..]);
            return error ?? Json(new
            {
                id = repo!.Id,
                sha = repo.Commit,
                siblings = repo.Files.Keys.Select(name => new { rfilename = name }),
            });
        }
        if (path.IndexOf("/resolve/", StringComparison.Ordinal) is var s and > 0 && path[(s + "/resolve/".Length)..].Split('/', 2) is [var revision, var fileName])
        {
            (Repo? repo, Response? error) = Find(path[1..s], revision);
            if (error is not null)
            {
                return error;
            }
            bool isHidden;
            lock (gate)
            {
                isHidden = hidden.Contains(fileName);
            }
            if (!repo!.Files.TryGetValue(fileName, out byte[]? content) || isHidden)
            {
                return Error(404, "EntryNotFound");
            }
            var headers = new Dictionary<string, string> { ["X-Repo-Commit"] = repo.Commit, ["ETag"] = $"\"{GitSha1(content)}\"" };
            if (!repo.LfsFiles.Contains(fileName))
            {
                return Ranged(request, headers, content, fileName);
            }
            // As the Hub does for LFS: the metadata on the redirect, the content at a pre-signed CDN address.
            headers["ETag"] = $"\"{GitSha1(Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1"))}\"";
            headers["X-Linked-Etag"] = $"\"{Sha256(content)}\"";
            lock (gate)
            {
                headers["X-Linked-Size"] = announcedSizes.GetValueOrDefault(fileName, content.Length).ToString(CultureInfo.InvariantCulture);
            }
            headers["Location"] = $"{CdnEndpoint}repos/{Sha256(content)}?X-Amz-Signature=presigned";
            return new Response(302, headers, []);
        }
        return Error(404, "");
    }

    private Response AnswerCdn(Request request)
    {
        string sha = request.Path.Split('/').Last();
        lock (gate)
        {
            foreach (Repo repo in repos)
            {
                foreach (string fileName in repo.LfsFiles)
                {
                    if (Sha256(repo.Files[fileName]) == sha)
                    {
                        return Ranged(request, new Dictionary<string, string> { ["ETag"] = "\"cdn-object-etag\"" }, repo.Files[fileName], fileName);
                    }
                }
            }
        }
        return new Response(404, [], []);
    }

    private (Repo? Repo, Response? Error) Find(string repoId, string revision)
    {
        lock (gate)
        {
            Repo? repo = repos.FirstOrDefault(r => r.Id == repoId);
            if (repo is null)
            {
                return (null, Error(404, "RepoNotFound"));
            }
            return revision == "main" || revision == repo.Commit ? (repo, null) : (null, Error(404, "RevisionNotFound"));
        }
    }

    private Response Ranged(Request request, Dictionary<string, string> headers, byte[] content, string fileName)
    {
        lock (gate)
        {
            if (corrupted.Contains(fileName))
            {
                content = [.. content];
                content[content.Length / 2] ^= 0xFF;
            }
        }
        if (!IgnoreRanges && request.Range is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            int from = int.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                return new Response(416, headers, []);
            }
            headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
            return new Response(206, headers, content[from..], fileName);
        }
        return new Response(200, headers, content, fileName);
    }

    private static Response Json(object value) =>
        new(200, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, JsonSerializer.SerializeToUtf8Bytes(value));

    private static Response Error(int status, string code) =>
        new(status, code.Length > 0 ? new Dictionary<string, string> { ["X-Error-Code"] = code } : [], Encoding.UTF8.GetBytes($"{{\"error\":\"{code}\"}}"));

    private async Task WriteAsync(NetworkStream stream, Request request, Response response)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n");
        foreach ((string name, string value) in response.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (request.Method == "HEAD")
        {
            return;
        }
        int length = response.Body.Length;
        lock (gate)
        {
            if (response.FileName is { } name && drops.TryGetValue(name, out (int Times, int AfterBytes) drop) && drop.Times > 0)
            {
                drops[name] = (drop.Times - 1, drop.AfterBytes);
                length = Math.Min(length, drop.AfterBytes);
            }
        }
        await stream.WriteAsync(response.Body.AsMemory(0, length));
        await stream.FlushAsync();
    }

    private static async Task<(string Method, string Target, Dictionary<string, string> Headers)> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("the connection closed before the request's end");
            }
            head.Add(one[0]);
        }
        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (requestLine[0], requestLine[1], headers);
    }
}
