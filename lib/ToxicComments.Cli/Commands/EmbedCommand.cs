using System.ComponentModel;
using System.Text;
using Spectre.Console;
using TorchSharp;
using Spectre.Console.Cli;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

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
        Device device = settings.UseDevice();
        PretrainedEncoder pretrained = PretrainedModels.LoadEncoder(settings.Model);
        BertWordPieceTokenizer tokenizer = pretrained.Tokenizer;
        using nn.Module<Tensor, Tensor, Tensor, Tensor> encoder = pretrained.Encoder.Module;
        encoder.to(device);
        Pooling pooling = settings.Pooling == "cls" ? Modeling.Pooling.Cls : Modeling.Pooling.Mean;
        // A longer sequence would index past the position table, as predict and train never let it.
        int maxLength = Math.Min(settings.MaxLength, Math.Min(tokenizer.Options.ModelMaxLength, pretrained.Encoder.MaxPositions));

        using Stream stdout = Console.OpenStandardOutput();
        using var output = new BufferedStream(stdout, 1 << 16);
        using Stream input = Console.OpenStandardInput();
        using var noGrad = no_grad();
        foreach (List<string> texts in JsonLines.ReadTexts(input, BatchSize))
        {
            using var scope = NewDisposeScope();
            using TokenBatch batch = TokenBatch.Collate(
                EncodedTexts.Encode(tokenizer, texts, maxLength).Ids, tokenizer.PaddingId, maxLength, Tokenization.Padding.Dynamic, device);
            Tensor pooled = Pool.Apply(encoder.forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds), batch.AttentionMask, pooling);
            float[] values = pooled.cpu().data<float>().ToArray();
            int width = (int)pooled.shape[1];
            for (int row = 0; row < texts.Count; row++)
            {
                int start = row * width;
                JsonLines.Write(output, json =>
                {
                    json.WriteStartArray("embedding");
                    for (int i = start; i < start + width; i++)
                    {
                        json.WriteNumberValue(values[i]);
                    }
                    json.WriteEndArray();
                });
            }
        }
        return 0;
    }
}
