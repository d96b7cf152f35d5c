using System.Globalization;
using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Synthetic;

namespace ToxicComments.Cli.Commands;

/// <summary><c>toxic data synth</c>: writes a synthetic data set in Kaggle's layout (how data/synthetic was made).</summary>
internal sealed class SynthCommand : Command<SynthCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rows <N>")]
        [Description("Rows of train.csv; test.csv gets a quarter as many.")]
        [DefaultValue(EmbeddedDataset.SyntheticTrainRows)]
        public int Rows { get; init; } = EmbeddedDataset.SyntheticTrainRows;

        [CommandOption("--seed <SEED>")]
        [DefaultValue(EmbeddedDataset.SyntheticSeed)]
        public uint Seed { get; init; } = EmbeddedDataset.SyntheticSeed;

        [CommandOption("--out <FOLDER>")]
        [DefaultValue("artifacts/synthetic")]
        public string Out { get; init; } = "artifacts/synthetic";

        public override ValidationResult Validate() =>
            Rows < 4 ? ValidationResult.Error("--rows must be at least 4.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (CommentSet train, CommentSet test) = SyntheticComments.GenerateKaggleLike(settings.Rows, settings.Seed);
        JigsawWriter.WriteTrain(train, Path.Combine(settings.Out, "train.csv"));
        JigsawWriter.WriteTest(test, Path.Combine(settings.Out, "test.csv"), Path.Combine(settings.Out, "test_labels.csv"));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"wrote {train.Count:N0} training and {test.Count:N0} test comments ({test.ScoredCount:N0} scored) to {settings.Out}");
        return 0;
    }
}
