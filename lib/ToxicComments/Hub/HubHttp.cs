using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace ToxicComments.Hub;

/// <summary>
/// The Hub's addresses and the one way requests are sent to it: redirects followed here rather than by the handler
/// (the Hub's own headers on an LFS redirect are the file's metadata), the token sent to the endpoint's host only
/// (never to a CDN: its addresses are pre-signed), and a status turned into a message a user can act on.
/// </summary>
internal sealed class HubHttp : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly HttpClient client;
    private readonly HubOptions options;
    /// <summary>The endpoint in addresses and messages: scheme, host and path, never user information.</summary>
    private readonly string endpoint;

    /// <param name="options">The endpoint, token and timeout.</param>
    /// <param name="handler">A handler to send through (tests), or null for one made here; it must not follow redirects itself.</param>
    public HubHttp(HubOptions options, HttpMessageHandler? handler)
    {
        this.options = options;
        endpoint = options.Endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        client = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
            : new HttpClient(handler, disposeHandler: false);
        client.Timeout = options.Timeout;
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ToxicComments", typeof(HubHttp).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri ModelInfoUri(string repoId, string revision) =>
        new($"{endpoint}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}");

    public Uri ResolveUri(string repoId, string commit, string fileName) =>
        new($"{endpoint}/{repoId}/resolve/{Uri.EscapeDataString(commit)}/{string.Join('/', fileName.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="uri"/>, following redirects: all of them, or with
    /// <paramref name="relativeRedirectsOnly"/> only those to a path on the same host (a renamed repository), as
    /// huggingface_hub does for metadata, so that the answer is the Hub's and not a CDN's. A redirect that carries
    /// an LFS file's metadata (<c>X-Linked-Etag</c>) is the answer even when relative, as a mirror may send it.
    /// </summary>
    /// <exception cref="HttpRequestException">The server could not be reached or broke the connection.</exception>
    /// <exception cref="TaskCanceledException">No answer within the timeout, or <paramref name="cancellationToken"/> fired.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long resumeFrom, bool relativeRedirectsOnly,
                                                     HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (options.Token is { } token && IsEndpointHost(uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (resumeFrom > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            }
            // Sizes and hashes are those of the stored bytes: a compressed answer would match neither.
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            HttpResponseMessage response = await client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location
                || (relativeRedirectsOnly && (location.IsAbsoluteUri || response.Headers.Contains("X-Linked-Etag")))
                || redirects == MaxRedirects)
            {
                return response;
            }
            response.Dispose();
            uri = new Uri(uri, location);
        }
    }

    /// <summary>A message for an answer that is not a success, naming what was asked for and what to do.</summary>
    public HubException StatusError(HttpResponseMessage response, string repoId, string revision, string? fileName)
    {
        string what = Describe(repoId, revision, fileName);
        string errorCode = response.Headers.TryGetValues("X-Error-Code", out IEnumerable<string>? codes) ? codes.First() : "";
        string page = $"{endpoint}/{repoId}";
        string token = options.Token is null
            ? "set HF_TOKEN to an access token of an account that may read it"
            : "make sure HF_TOKEN holds an access token of an account that may read it (the Hub refused the one sent)";
        int status = (int)response.StatusCode;
        string message = (errorCode, status) switch
        {
            ("GatedRepo", _) => $"{what}: the model is gated: accept its terms at {page}, then {token}.",
            ("RevisionNotFound", _) => $"{repoId}: no revision '{revision}' at {endpoint}.",
            ("EntryNotFound", _) or (_, 404) when fileName is not null => $"{what}: no such file in the repository.",
            (_, 404) => $"{repoId}: no such model repository at {endpoint}.",
            (_, 401) => $"{what}: unauthorized (401): the repository is private, gated or misspelled; {token} (and accept the model's terms at {page} if it is gated).",
            (_, 403) => $"{what}: access denied (403): accept the model's terms at {page}, then {token}.",
            _ => $"{what}: the Hub answered {status.ToString(CultureInfo.InvariantCulture)} ({response.StatusCode}).",
        };
        return new HubException(message);
    }

    /// <summary>How messages name a repository at a revision, or a file in it: <c>org/name@main: config.json</c>.</summary>
    public static string Describe(string repoId, string revision, string? fileName = null) =>
        fileName is null ? $"{repoId}@{revision}" : $"{repoId}@{revision}: {fileName}";

    /// <summary>A message for a server that could not be reached or did not answer in time.</summary>
    public HubException NetworkError(Exception error, string what) =>
        new(error is TaskCanceledException
                ? $"{what}: {endpoint} did not answer within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."
                : $"{what}: cannot reach {endpoint} ({error.Message}).",
            error);

    public void Dispose() => client.Dispose();

    private bool IsEndpointHost(Uri uri) =>
        Uri.Compare(uri, options.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
