using Spectre.Console.Cli;
using ToxicComments.Cli;
using ToxicComments.Cli.Commands;
using ToxicComments.Hosting;

// The platform fixes (native library, malloc, OpenMP, MKL) before anything touches TorchSharp.
PlatformFixes.Apply();

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toxic");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run every stage (--recipe recommended or tutorial) on Kaggle's files or, by default, the embedded real sample.");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Fine-tune the model on the split in --out (stage 05): checkpoints, loss CSVs, the best model as a Hugging Face folder.");
    config.AddCommand<TokenizeCommand>("tokenize")
        .WithDescription("Token ids of JSON lines {\"text\": ...} on stdin, as {\"ids\": [[...]]} lines on stdout.");
    config.AddCommand<EmbedCommand>("embed")
        .WithDescription("Sentence embeddings of JSON lines {\"text\": ...} on stdin, as {\"embedding\": [[...]]} lines on stdout.");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Per-label probabilities and 0/1 decisions of a fine-tuned model for JSON lines {\"text\": ...} on stdin.");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Score a run's test split (--run), or Kaggle's test files with a fine-tuned model: report, ROC AUC, metrics.json, predictions.csv, report.html.");
    config.AddBranch("data", data =>
    {
        data.SetDescription("Data sets in Kaggle's Jigsaw layout.");
        data.AddCommand<SynthCommand>("synth")
            .WithDescription("Generate a synthetic data set (train.csv, test.csv, test_labels.csv).");
    });
    config.AddBranch("export", export =>
    {
        export.SetDescription("A fine-tuned model in a serving format.");
        export.AddCommand<ExportOnnxCommand>("onnx")
            .WithDescription("One ONNX graph (encoder, pooling, head; output logits) with config.json and tokenizer.json, as Hugging Face's ONNX folders: for ONNX Runtime and transformers.js.");
    });
    config.AddBranch("model", model =>
    {
        model.SetDescription("Models on the Hugging Face Hub.");
        model.AddCommand<ModelDownloadCommand>("download")
            .WithDescription("Download a model (config, tokenizer, weights) into Hugging Face's cache and print its folder.");
    });
});
using var signals = new StopSignals();
int exitCode = CliErrors.Run(() => app.Run(args, signals.Token));
// A command stopped by a signal returns 130; SIGTERM's code is 143.
return exitCode == 130 && signals.ExitCode is { } signalled ? signalled : exitCode;
