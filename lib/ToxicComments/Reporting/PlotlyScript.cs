using System.Reflection;

namespace ToxicComments.Reporting;

/// <summary>
/// The plotly.js that Plotly.NET ships inside its own assembly (a manifest resource), so a page can carry it inline
/// and render with no network: the version always matches the charts Plotly.NET builds, and nothing is downloaded.
/// </summary>
internal static class PlotlyScript
{
    private static readonly Lazy<string> Source = new(Load);

    /// <summary>The minified plotly.js, safe to place inside a <c>&lt;script&gt;</c> element.</summary>
    public static string Inline => Source.Value;

    private static string Load()
    {
        Assembly plotly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = plotly.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{plotly.GetName().Name} {plotly.GetName().Version} no longer embeds plotly.min.js; the report cannot be self-contained.");
        using Stream stream = plotly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        // "</script" would end the element early wherever it occurs; "<\/" means the same inside JavaScript strings.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
