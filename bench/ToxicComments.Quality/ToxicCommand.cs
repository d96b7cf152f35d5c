using System.Diagnostics;

namespace ToxicComments.Quality;

/// <summary>
/// Runs the project's own <c>toxic</c> command as a child process, as a user would, so the bench measures what
/// the command does and not a private copy of it. Its output goes to a log file; a failure shows the log's tail.
/// </summary>
internal sealed class ToxicCommand(string dll, int threads)
{
    /// <summary>The built <c>toxic.dll</c> (<c>dotnet build -c Release lib/ToxicComments.Cli</c>).</summary>
    public string Dll { get; } = dll;

    /// <summary>Runs <c>toxic</c> with <paramref name="arguments"/>; returns the seconds it took.</summary>
    /// <exception cref="InvalidOperationException">The command failed.</exception>
    public double Run(IReadOnlyList<string> arguments, string logFile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Plain lines in the log, not a redrawn progress bar.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        // The bench passes --threads to every command; OpenMP's default for the child caps anything else that
        // starts threads. More threads than free cores makes every parallel kernel wait for a descheduled thread,
        // several times slower.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        using var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        log.WriteLine($"$ toxic {string.Join(' ', arguments)}");
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        object gate = new();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            log.Flush();
            string tail = string.Join('\n', File.ReadLines(logFile).TakeLast(15));
            throw new ToxicCommandException($"toxic {arguments[0]} exited with {process.ExitCode} (log: {logFile}):\n{tail}");
        }
        return seconds;
    }
}

/// <summary>A <c>toxic</c> child process failed; the message names its log and ends with the log's last lines.</summary>
internal sealed class ToxicCommandException(string message) : Exception(message);
