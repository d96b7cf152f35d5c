using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Hub;
using ToxicComments.Tokenization;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic tokenize</c>: JSON lines <c>{"text": ...}</c> on stdin, <c>{"ids": [...]}</c> per line on stdout, in
/// order, with the model's tokenizer (ids as Hugging Face's <c>BertTokenizerFast</c> gives them).
/// </summary>
internal sealed class TokenizeCommand : Command<TokenizeCommand.Settings>
{
    private const int BatchLines = 4096;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("A Hugging Face model folder (vocab.txt or tokenizer.json), or minilm for the offline default.")]
        [DefaultValue(OfflineModel.Name)]
        public string Model { get; init; } = OfflineModel.Name;

        [CommandOption("--max-length <N>")]
        [Description("Truncate to N ids, [CLS] and [SEP] included. Default: the model's maximum.")]
        public int? MaxLength { get; init; }

        public override ValidationResult Validate() =>
            MaxLength is < 2 ? ValidationResult.Error("--max-length must be at least 2 ([CLS] and [SEP]).") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        BertWordPieceTokenizer tokenizer = OfflineModel.LoadTokenizer(settings.Model);
        int maxLength = settings.MaxLength ?? tokenizer.Options.ModelMaxLength;
        using Stream stdout = Console.OpenStandardOutput();
        using var output = new BufferedStream(stdout, 1 << 16);
        using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        var texts = new List<string>(BatchLines);
        int line = 0;
        // Batches keep memory flat on any input size and let the batch encode on every core.
        while (true)
        {
            texts.Clear();
            while (texts.Count < BatchLines && input.ReadLine() is { } json)
            {
                texts.Add(ReadText(json, ++line));
            }
            if (texts.Count == 0)
            {
                return 0;
            }
            EncodedTexts encoded = EncodedTexts.Encode(tokenizer, texts, maxLength);
            foreach (int[] ids in encoded.Ids)
            {
                WriteIds(output, ids);
            }
        }
    }

    private static string ReadText(string json, int line)
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

    private static void WriteIds(Stream output, int[] ids)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ids");
            foreach (int id in ids)
            {
                writer.WriteNumberValue(id);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }
}
