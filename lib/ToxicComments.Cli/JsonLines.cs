using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ToxicComments.Cli;

/// <summary>The JSON-lines protocol of <c>toxic tokenize</c>, <c>embed</c> and <c>predict</c>: <c>{"text": ...}</c> a line.</summary>
internal static class JsonLines
{
    /// <summary>
    /// The texts of <paramref name="input"/> (stdin) in batches of at most <paramref name="batchSize"/>, so that memory
    /// stays flat on any input and each batch can be processed on every core. Each line is checked as strict UTF-8
    /// on its own, so that a byte that is not UTF-8 is reported with its line rather than read as U+FFFD.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is not UTF-8, not JSON, or lacks a string "text"; the message names the line.</exception>
    public static IEnumerable<List<string>> ReadTexts(Stream input, int batchSize)
    {
        var texts = new List<string>(batchSize);
        int line = 0;
        foreach (byte[] json in Lines(input))
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

    // The bytes of each line, without its line end (LF or CRLF) or a leading byte-order mark.
    private static IEnumerable<byte[]> Lines(Stream input)
    {
        using var buffered = new BufferedStream(input, 1 << 16);
        var line = new MemoryStream();
        bool first = true;
        for (int next = buffered.ReadByte(); next >= 0; next = buffered.ReadByte())
        {
            if (next != '\n')
            {
                line.WriteByte((byte)next);
                continue;
            }
            yield return Trim(line.ToArray(), first);
            first = false;
            line.SetLength(0);
        }
        if (line.Length > 0)
        {
            yield return Trim(line.ToArray(), first);
        }
    }

    private static byte[] Trim(byte[] line, bool first)
    {
        int start = first && line.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        int end = line.Length > start && line[^1] == '\r' ? line.Length - 1 : line.Length;
        return line[start..end];
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

    private static string Text(byte[] json, int line)
    {
        if (!Utf8.IsValid(json))
        {
            throw new InvalidDataException($"stdin:{line}: not UTF-8; JSON lines are UTF-8 text.");
        }
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
