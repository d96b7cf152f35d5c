using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Hub;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// <c>toxic model download</c>: fetches a model from the Hugging Face Hub into Hugging Face's cache and prints its
/// snapshot folder as the one line on stdout, so that <c>--model "$(toxic model download org/name)"</c> works.
/// Progress goes to stderr: bars on a terminal, one line per file in a log.
/// </summary>
internal sealed class ModelDownloadCommand : AsyncCommand<ModelDownloadCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<REPO-ID>")]
        [Description("The model's repository on the Hub, as distilbert/distilbert-base-uncased.")]
        public string RepoId { get; init; } = "";

        [CommandOption("--revision <R>")]
        [Description("A branch, a tag or a commit.")]
        [DefaultValue("main")]
        public string Revision { get; init; } = "main";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var hub = new HubClient(HubOptions.FromEnvironment());
        IAnsiConsole stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        string folder = stderr.Profile.Capabilities.Interactive
            ? await stderr.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(bars => hub.DownloadModelAsync(settings.RepoId, settings.Revision, Bars(bars), cancellationToken))
                .ConfigureAwait(false)
            : await hub.DownloadModelAsync(settings.RepoId, settings.Revision, Lines(stderr), cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine(folder);
        return 0;
    }

    /// <summary>A bar per file, added as the file starts.</summary>
    private static SynchronousProgress Bars(ProgressContext bars)
    {
        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
        return new SynchronousProgress(file =>
        {
            if (!tasks.TryGetValue(file.FileName, out ProgressTask? task))
            {
                string label = file.FromCache ? $"{file.FileName} (cached)" : file.FileName;
                tasks[file.FileName] = task = bars.AddTask(Markup.Escape(label), maxValue: Math.Max(file.TotalBytes, 1));
            }
            task.Value = file.TotalBytes == 0 ? 1 : file.BytesDone;
        });
    }

    /// <summary>A line per file once it is complete, for logs, where bars would not render.</summary>
    private static SynchronousProgress Lines(IAnsiConsole stderr) =>
        new(file =>
        {
            if (file.BytesDone == file.TotalBytes)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{file.FileName}: {file.TotalBytes:N0} bytes{(file.FromCache ? " (cached)" : "")}"));
            }
        });

    /// <summary>Reports on the downloading thread, in order: <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<HubDownloadProgress> report) : IProgress<HubDownloadProgress>
    {
        public void Report(HubDownloadProgress value) => report(value);
    }
}
