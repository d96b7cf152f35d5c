using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToxicComments.Modeling;

/// <summary>Reading a model's <c>config.json</c>: once as JSON, then into its typed configuration.</summary>
internal static class ConfigFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="json"/> to <paramref name="path"/>, indented as Hugging Face writes its JSON files, atomically.</summary>
    public static void WriteObject(string path, JsonObject json) =>
        IO.AtomicFile.WriteText(path, writer => writer.Write(json.ToJsonString(Indented)));

    /// <exception cref="InvalidDataException">The file is not a JSON object; the message names it.</exception>
    public static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid config.json ({e.Message.Split('.')[0]}).", e);
        }
    }

    /// <exception cref="InvalidDataException">A value has the wrong type; the message names the file.</exception>
    public static T Read<T>(JsonObject json, string path) where T : class
    {
        try
        {
            return json.Deserialize<T>() ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid config.json ({e.Message.Split('.')[0]}).", e);
        }
    }

    /// <summary>
    /// Checks what parses but makes no model: a size of 0 or less (a division by zero or a native crash later), a
    /// dropout rate outside [0, 1). Each entry is the key as <c>config.json</c> spells it, and its value.
    /// </summary>
    /// <exception cref="InvalidDataException">A value is out of range; the message names the file and the key.</exception>
    public static void RequireRanges(string path, IEnumerable<(string Key, int Value)> sizes, IEnumerable<(string Key, double Value)> rates)
    {
        foreach ((string key, int value) in sizes)
        {
            if (value < 1)
            {
                throw new InvalidDataException($"{path}: '{key}' is {value}; a size must be 1 or more.");
            }
        }
        foreach ((string key, double value) in rates)
        {
            if (!FastDropout.IsRate(value))
            {
                throw new InvalidDataException($"{path}: '{key}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a dropout rate is at least 0 and below 1.");
            }
        }
    }
}
