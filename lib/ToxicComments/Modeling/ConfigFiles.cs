using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToxicComments.Modeling;

/// <summary>Reading a model's <c>config.json</c>: once as JSON, then into its typed configuration.</summary>
internal static class ConfigFiles
{
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
}
