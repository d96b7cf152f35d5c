using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ToxicComments.Hub;

/// <summary>
/// What the Hub's answer to <c>HEAD {repo}/resolve/{commit}/{file}</c> says about a file. A file kept in git is
/// answered directly, its <c>ETag</c> being its git sha1; a file kept in LFS is answered with a redirect to a CDN,
/// and the Hub's own headers on that redirect carry the content's sha256 (<c>X-Linked-Etag</c>) and size
/// (<c>X-Linked-Size</c>): the CDN's headers describe the CDN's object, not the file.
/// </summary>
/// <param name="Commit">The commit the file was resolved at (<c>X-Repo-Commit</c>), if the server said.</param>
/// <param name="Etag">The blob's name in the cache, without quotes.</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="Location">Where to get the content: the CDN for LFS files, else the resolve address itself.</param>
/// <param name="Sha256">The content's sha256 (lower-case hex) for LFS files, which the download is checked against.</param>
internal sealed partial record HubFileMetadata(string? Commit, string Etag, long Size, Uri Location, string? Sha256)
{
    public static HubFileMetadata? FromResponse(HttpResponseMessage response, Uri requested)
    {
        string? linkedEtag = Header(response.Headers, "X-Linked-Etag");
        string? etag = Unquote(linkedEtag ?? Header(response.Headers, "ETag"));
        long? size = long.TryParse(Header(response.Headers, "X-Linked-Size"), out long linked) ? linked : response.Content.Headers.ContentLength;
        if (etag is null || size is not >= 0)
        {
            return null;
        }
        Uri location = (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } target
            ? new Uri(requested, target)
            : requested;
        string? sha256 = linkedEtag is not null && Sha256Pattern().IsMatch(etag) ? etag.ToLowerInvariant() : null;
        return new HubFileMetadata(Header(response.Headers, "X-Repo-Commit"), etag, size.Value, location, sha256);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    // ETags arrive as "abc" or W/"abc" (a proxy that compresses marks them weak); the cache names blobs by abc.
    private static string? Unquote(string? etag)
    {
        if (etag is null)
        {
            return null;
        }
        if (etag.StartsWith("W/", StringComparison.Ordinal))
        {
            etag = etag[2..];
        }
        etag = etag.Trim('"');
        return etag.Length > 0 ? etag : null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
