using System.Text.Json;

namespace ToxicComments.Modeling;

/// <summary>Reading a model's <c>config.json</c> into its typed configuration.</summary>
internal static class ConfigFiles
{
    /// <exception cref="InvalidDataException">The file is not a JSON object of that shape; the message names it.</exception>
    public static T Read<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid config.json ({e.Message.Split('.')[0]}).", e);
        }
    }
}
