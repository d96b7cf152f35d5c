using System.ComponentModel;
using System.Text;
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
        [Description("Truncate to N ids, [[CLS]] and [[SEP]] included. Default: the model's maximum.")]
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
        using Stream input = Console.OpenStandardInput();
        foreach (List<string> texts in JsonLines.ReadTexts(input, BatchLines))
        {
            foreach (int[] ids in EncodedTexts.Encode(tokenizer, texts, maxLength).Ids)
            {
                JsonLines.Write(output, json =>
                {
                    json.WriteStartArray("ids");
                    foreach (int id in ids)
                    {
                        json.WriteNumberValue(id);
                    }
                    json.WriteEndArray();
                });
            }
        }
        return 0;
    }
}
