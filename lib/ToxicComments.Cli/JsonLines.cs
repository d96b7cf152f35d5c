using System.Text.Json;

namespace ToxicComments.Cli;

/// <summary>The JSON-lines protocol of <c>toxic tokenize</c>, <c>embed</c> and <c>predict</c>: <c>{"text": ...}</c> a line.</summary>
internal static class JsonLines
{
    /// <summary>
    /// The texts of stdin in batches of at most <paramref name="batchSize"/>, so that memory stays flat on any input
    /// and each batch can be processed on every core.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is not JSON or lacks a string "text"; the message names the line.</exception>
    public static IEnumerable<List<string>> ReadTexts(TextReader input, int batchSize)
    {
        var texts = new List<string>(batchSize);
        int line = 0;
        while (input.ReadLine() is { } json)
        {
            texts.Add(Text(json, ++line));
            if (texts.Count == batchSize)
            {
                yield return texts;
                texts = new List<string>(batchSize);
            }
        }
        if (texts.Count > 0)
        {
            yield return texts;
        }
    }

    /// <summary>Writes one JSON object and a line break.</summary>
    public static void Write(Stream output, Action<Utf8JsonWriter> body)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    private static string Text(string json, int line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("text", out JsonElement text)
                   && text.ValueKind == JsonValueKind.String
                ? text.GetString()!
                : throw new InvalidDataException($"stdin:{line}: expected an object with a string \"text\", as {{\"text\": \"...\"}}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"stdin:{line}: not valid JSON ({e.Message.Split('.')[0]}).", e);
        }
    }
}
