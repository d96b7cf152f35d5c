using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Modeling.Folders;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic export onnx</c>: a fine-tuned model as an ONNX folder (<see cref="OnnxFolder"/>) for ONNX Runtime,
/// transformers.js and other serving stacks. The folder is written whole or not at all.
/// </summary>
internal sealed class ExportOnnxCommand : Command<ExportOnnxCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FOLDER>")]
        [Description("A fine-tuned model folder (config.json, model.safetensors, tokenizer files), or a run folder holding 05-train/model.")]
        public string Model { get; init; } = "";

        [CommandOption("--out <FOLDER>")]
        [Description("The folder to write: config.json, tokenizer.json, tokenizer_config.json, vocab.txt, onnx/model.onnx, README.md. Replaced if it exists.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required: a fine-tuned model folder.")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required: the folder to write.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string model = ModelFolders.Resolve(settings.Model);
        if (Path.GetFullPath(model).TrimEnd('/') == Path.GetFullPath(settings.Out).TrimEnd('/'))
        {
            throw new ArgumentException($"{settings.Out}: --out is the model folder itself; export to another folder.");
        }
        OnnxFolder.Export(model, settings.Out);
        long bytes = new FileInfo(Path.Combine(settings.Out, OnnxFolder.GraphPath)).Length;
        Console.Error.WriteLine($"toxic: exported {model} to {Path.Combine(settings.Out, OnnxFolder.GraphPath)} ({bytes / 1e6:F1} MB)");
        return 0;
    }
}
