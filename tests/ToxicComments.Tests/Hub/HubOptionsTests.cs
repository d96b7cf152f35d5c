using ToxicComments.Hub;

namespace ToxicComments.Tests.Hub;

public sealed class HubOptionsTests
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static HubOptions From(params (string Name, string Value)[] variables) =>
        HubOptions.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void FromEnvironment_NothingSet_PublicHubAndHomeCache()
    {
        HubOptions options = From();

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal(Path.Combine(Home, ".cache", "huggingface", "hub"), options.CacheDirectory);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Fact]
    public void FromEnvironment_HfHomeEndpointAndToken_Honoured()
    {
        HubOptions options = From(("HF_HOME", "/data/hf"), ("HF_ENDPOINT", "http://127.0.0.1:8080/"), ("HF_TOKEN", " hf_abc "),
            ("HF_HUB_DOWNLOAD_TIMEOUT", "2.5"));

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Endpoint);
        Assert.Equal(Path.Combine("/data/hf", "hub"), options.CacheDirectory);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
    }

    [Fact]
    public void FromEnvironment_HfHubCache_WinsOverHfHome()
    {
        Assert.Equal("/models", From(("HF_HOME", "/data/hf"), ("HF_HUB_CACHE", "/models")).CacheDirectory);
    }

    [Fact]
    public void FromEnvironment_XdgCacheHomeOrTilde_AsHuggingFaceHubReadsThem()
    {
        Assert.Equal(Path.Combine("/xdg", "huggingface", "hub"), From(("XDG_CACHE_HOME", "/xdg")).CacheDirectory);
        Assert.Equal(Path.Combine(Home + "/hf", "hub"), From(("HF_HOME", "~/hf")).CacheDirectory);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void FromEnvironment_HfHubOffline_TrueForHuggingFaceHubsTrueValues(string value, bool offline)
    {
        Assert.Equal(offline, From(("HF_HUB_OFFLINE", value)).Offline);
    }

    [Fact]
    public void FromEnvironment_EmptyToken_NoToken()
    {
        Assert.Null(From(("HF_TOKEN", "")).Token);
    }

    [Theory]
    [InlineData("HF_ENDPOINT", "huggingface.co")]
    [InlineData("HF_ENDPOINT", "ftp://mirror")]
    [InlineData("HF_HUB_DOWNLOAD_TIMEOUT", "soon")]
    public void FromEnvironment_UnusableValue_ThrowsNamingTheVariable(string name, string value)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => From((name, value)));

        Assert.StartsWith($"{name}: expected", error.Message);
    }

    [Fact]
    public void ToString_WithToken_NeverShowsIt()
    {
        var options = new HubOptions { CacheDirectory = "/cache", Token = "hf_secret" };

        Assert.DoesNotContain("hf_secret", options.ToString());
        Assert.Contains("Token = set", options.ToString());
    }
}
