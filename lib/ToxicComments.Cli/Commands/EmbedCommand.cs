using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Hub;
using ToxicComments.Inference;
using ToxicComments.Modeling;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic embed</c>: JSON lines <c>{"text": ...}</c> on stdin, <c>{"embedding": [...]}</c> per line on stdout: the
/// encoder's last hidden state pooled (first token or attention-masked mean), not normalised.
/// </summary>
internal sealed class EmbedCommand : Command<EmbedCommand.Settings>
{
    private const int BatchSize = 32;

    public sealed class Settings : ScoringSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("minilm (the offline default, all-MiniLM-L6-v2) or a Hugging Face BERT/DistilBERT model folder.")]
        [DefaultValue(OfflineModel.Name)]
        public string Model { get; init; } = OfflineModel.Name;

        [CommandOption("--pooling <POOLING>")]
        [Description("cls (first token) or mean (attention-masked mean, what MiniLM was trained for).")]
        [DefaultValue("mean")]
        public string Pooling { get; init; } = "mean";

        [CommandOption("--max-length <N>")]
        [Description("Truncate texts to N tokens, [[CLS]] and [[SEP]] included; never more than the model's positions (512 for minilm).")]
        [DefaultValue(256)]
        public int MaxLength { get; init; } = 256;

        protected override ValidationResult ValidateOptions() =>
            Pooling is not ("cls" or "mean") ? ValidationResult.Error("--pooling must be cls or mean.")
            : MaxLength < 2 ? ValidationResult.Error("--max-length must be at least 2.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Pooling pooling = settings.Pooling == "cls" ? Modeling.Pooling.Cls : Modeling.Pooling.Mean;
        using Embedder embedder = Embedder.Load(settings.Model, settings.UseDevice(), pooling, settings.MaxLength);
        using Stream stdout = Console.OpenStandardOutput();
        using var output = new BufferedStream(stdout, 1 << 16);
        using Stream input = Console.OpenStandardInput();
        foreach (List<string> texts in JsonLines.ReadTexts(input, BatchSize))
        {
            foreach (float[] embedding in embedder.Embed(texts))
            {
                JsonLines.Write(output, json =>
                {
                    json.WriteStartArray("embedding");
                    foreach (float value in embedding)
                    {
                        json.WriteNumberValue(value);
                    }
                    json.WriteEndArray();
                });
            }
        }
        return 0;
    }
}
