using System.ComponentModel;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Inference;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic predict</c>: JSON lines <c>{"text": ...}</c> on stdin, one line per input on stdout with each label's
/// probability and its 0/1 decision at the threshold. Reads and answers in batches, so it serves a pipe of any length.
/// </summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : ScoringSettings
    {
        [CommandOption("--model <FOLDER>")]
        [Description("A fine-tuned model folder (config.json, model.safetensors, tokenizer files), or a run folder holding 05-train/model.")]
        public string Model { get; init; } = "";

        [CommandOption("--threshold <P>")]
        [Description("Decide 1 where the probability is at least P, for every label.")]
        [DefaultValue(0.5)]
        public double Threshold { get; init; } = 0.5;

        [CommandOption("--batch-size <N>")]
        [Description("Comments per forward pass.")]
        [DefaultValue(64)]
        public int BatchSize { get; init; } = 64;

        protected override ValidationResult ValidateOptions() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required: a fine-tuned model folder.")
            : Threshold is < 0 or > 1 || double.IsNaN(Threshold) ? ValidationResult.Error("--threshold must be between 0 and 1.")
            : BatchSize < 1 ? ValidationResult.Error("--batch-size must be at least 1.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using CommentScorer scorer = CommentScorer.Load(ModelFolders.Resolve(settings.Model), settings.UseDevice());
        scorer.BatchSize = settings.BatchSize;
        using Stream stdout = Console.OpenStandardOutput();
        using var output = new BufferedStream(stdout, 1 << 16);
        using Stream input = Console.OpenStandardInput();
        foreach (List<string> texts in JsonLines.ReadTexts(input, settings.BatchSize))
        {
            double[,] probabilities = scorer.Score(texts);
            for (int row = 0; row < texts.Count; row++)
            {
                JsonLines.Write(output, json =>
                {
                    json.WriteStartObject("probabilities");
                    for (int label = 0; label < scorer.Labels.Count; label++)
                    {
                        json.WriteNumber(scorer.Labels[label], probabilities[row, label]);
                    }
                    json.WriteEndObject();
                    json.WriteStartObject("predictions");
                    for (int label = 0; label < scorer.Labels.Count; label++)
                    {
                        json.WriteNumber(scorer.Labels[label], probabilities[row, label] >= settings.Threshold ? 1 : 0);
                    }
                    json.WriteEndObject();
                });
            }
            // Answer each batch as it is done: a caller in a pipe should not wait for the end of its input.
            output.Flush();
        }
        return 0;
    }
}
