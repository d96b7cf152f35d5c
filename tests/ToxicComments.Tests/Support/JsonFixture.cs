using System.Text.Json;

namespace ToxicComments.Tests.Support;

/// <summary>
/// A fixture file that the scripts in tools/ write: a JSON object whose "cases" array holds objects with a "name"
/// and whatever the reference computed for them.
/// </summary>
internal sealed class JsonFixture(params string[] pathUnderFixtures)
{
    public JsonElement Root { get; } = JsonDocument.Parse(
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Fixtures", .. pathUnderFixtures]))).RootElement;

    /// <summary>Every case's name, for a theory's member data.</summary>
    public TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (JsonElement c in Root.GetProperty("cases").EnumerateArray())
        {
            names.Add(c.GetProperty("name").GetString()!);
        }
        return names;
    }

    public JsonElement Case(string name) =>
        Root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
