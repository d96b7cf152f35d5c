namespace ToxicComments.Hub;

/// <summary>
/// Where <see cref="HubClient"/> downloads from and caches to, read from the environment variables that Python's
/// <c>huggingface_hub</c> reads, so that both share one cache and one configuration.
/// </summary>
public sealed record HubOptions
{
    /// <summary>The public Hub, used when <c>HF_ENDPOINT</c> is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>The Hub (or a mirror) to download from: <c>HF_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The cache's <c>hub</c> folder, which holds one <c>models--org--name</c> folder per repository.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>An access token (<c>HF_TOKEN</c>) for private and gated models; sent to the endpoint only, never shown.</summary>
    public string? Token { get; init; }

    /// <summary><c>HF_HUB_OFFLINE</c>: no network at all, only what the cache holds.</summary>
    public bool Offline { get; init; }

    /// <summary>How long to wait for a server's answer, and for each read of a body: <c>HF_HUB_DOWNLOAD_TIMEOUT</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a download that broke off is resumed before giving up.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The pause before the first resume; it doubles after each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Options from this process's environment variables.</summary>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Options from <paramref name="variable"/>, read as <c>huggingface_hub</c> reads them: <c>HF_ENDPOINT</c>;
    /// <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c> with <c>HF_HOME</c> defaulting to
    /// <c>$XDG_CACHE_HOME/huggingface</c> or <c>~/.cache/huggingface</c>; <c>HF_TOKEN</c>; <c>HF_HUB_OFFLINE</c>
    /// (1, true, yes or on); <c>HF_HUB_DOWNLOAD_TIMEOUT</c> in seconds.
    /// </summary>
    /// <exception cref="ArgumentException">A variable holds a value that cannot be used; the message names it.</exception>
    public static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Read(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;

        string home = ExpandHome(Read("HF_HOME")
            ?? Path.Combine(ExpandHome(Read("XDG_CACHE_HOME") ?? "~/.cache"), "huggingface"));
        var options = new HubOptions
        {
            Endpoint = Read("HF_ENDPOINT") is { } endpoint ? ParseEndpoint(endpoint) : DefaultEndpoint,
            CacheDirectory = Read("HF_HUB_CACHE") is { } cache ? ExpandHome(cache) : Path.Combine(home, "hub"),
            Token = Read("HF_TOKEN"),
            Offline = Read("HF_HUB_OFFLINE")?.ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON",
        };
        if (Read("HF_HUB_DOWNLOAD_TIMEOUT") is { } timeout)
        {
            options = options with { Timeout = TimeSpan.FromSeconds(ParseSeconds(timeout)) };
        }
        return options;
    }

    /// <summary>Everything but the token, which must never reach a log.</summary>
    public override string ToString() =>
        $"HubOptions {{ Endpoint = {Endpoint}, CacheDirectory = {CacheDirectory}, Token = {(Token is null ? "none" : "set")}, Offline = {Offline} }}";

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ArgumentException($"HF_ENDPOINT: expected an http(s) address such as {DefaultEndpoint}, found '{value}'.");

    private static double ParseSeconds(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
        && seconds > 0 && seconds < int.MaxValue
            ? seconds
            : throw new ArgumentException($"HF_HUB_DOWNLOAD_TIMEOUT: expected a positive number of seconds, found '{value}'.");

    // huggingface_hub calls os.path.expanduser on these variables, so "~/cache" must mean the same folder here.
    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
