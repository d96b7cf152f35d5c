namespace ToxicComments.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, with the flags that keep it off this machine's closed network. Installed on first
/// use when missing (CI machines start without it); a test that needs it fails, not skips, when it cannot be had.
/// </summary>
public static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";
    private static readonly Lazy<string> Installed = new(Install);

    /// <summary>The DOM of <paramref name="htmlPath"/> after its scripts ran (up to 10 s of virtual time).</summary>
    public static string DumpDom(string htmlPath)
    {
        string chromium = Installed.Value;
        string profile = Path.Combine(Path.GetTempPath(), "chromium-profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            (int exitCode, string stdout, string stderr) = Run(chromium, TimeSpan.FromMinutes(2),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
            Assert.True(exitCode == 0 && stdout.Length > 0, $"chromium exited {exitCode}:\n{stderr}");
            return stdout;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string Install()
    {
        ExternalTools.AptInstall("chromium", () => File.Exists(Executable));
        return Executable;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, TimeSpan timeout, params string[] arguments)
    {
        ExternalTools.Result result = ExternalTools.Run(program, timeout, null, null, arguments);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
