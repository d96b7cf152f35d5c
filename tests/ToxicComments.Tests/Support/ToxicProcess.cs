using System.Diagnostics;

namespace ToxicComments.Tests.Support;

/// <summary>Runs the built <c>toxic</c> command as a child process, as a user would.</summary>
public static class ToxicProcess
{
    // Generous: `toxic run` trains MiniLM, which takes seconds on an idle machine and many times that on a busy one.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string workingDirectory, params string[] arguments) => RunWithInput(workingDirectory, "", arguments);

    /// <summary>Runs <c>toxic</c> with <paramref name="stdin"/> as its standard input.</summary>
    public static Result RunWithInput(string workingDirectory, string stdin, params string[] arguments) =>
        Start("dotnet", [], new Dictionary<string, string?>(), workingDirectory, stdin, arguments);

    /// <summary>
    /// Runs <c>toxic</c> with <paramref name="environment"/> set on top of this process's variables; a null value
    /// removes the variable, so that the developer's own settings (an HF_TOKEN) cannot leak into a test.
    /// </summary>
    public static Result RunWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string stdin,
                                            params string[] arguments) =>
        Start("dotnet", [], environment, workingDirectory, stdin, arguments);

    /// <summary>
    /// Runs <c>toxic</c> in a new network namespace whose only interface is a loopback that is down (<c>unshare -n</c>,
    /// as root): no name resolution, no route anywhere. Proves that a command needs no network.
    /// </summary>
    public static Result RunWithoutNetwork(string workingDirectory, string stdin, params string[] arguments) =>
        Start("unshare", ["-n", "dotnet"], new Dictionary<string, string?>(), workingDirectory, stdin, arguments);

    /// <summary>
    /// Starts toxic and kills it (SIGKILL, no chance to clean up) as soon as <paramref name="killWhen"/> holds.
    /// Returns false when the process ended first.
    /// </summary>
    public static bool RunAndKill(string workingDirectory, Func<bool> killWhen, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "toxic.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < Limit)
        {
            if (killWhen())
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return true;
            }
            Thread.Sleep(5);
        }
        return false;
    }

    /// <summary>Starts <c>toxic</c> and leaves it running: the test signals it, waits for a file, then waits for it.</summary>
    public static Running StartInBackground(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "toxic.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["COLUMNS"] = "200";
        return new Running(Process.Start(start)!);
    }

    /// <summary>Waits, up to the tests' limit, until <paramref name="condition"/> holds; false when it never did.</summary>
    public static bool WaitUntil(Func<bool> condition, Running? whileRunning = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Limit && (whileRunning is null || !whileRunning.HasExited))
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(5);
        }
        return condition();
    }

    /// <summary>A <c>toxic</c> process running in the background.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process process;
        private readonly Task<string> stdout;
        private readonly Task<string> stderr;

        internal Running(Process process)
        {
            this.process = process;
            stdout = process.StandardOutput.ReadToEndAsync();
            stderr = process.StandardError.ReadToEndAsync();
        }

        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        /// <summary>Sends a POSIX signal, as a terminal's Ctrl+C (SIGINT, 2) or a service manager (SIGTERM, 15) would.</summary>
        public void Signal(int signal)
        {
            if (kill(process.Id, signal) != 0)
            {
                throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            }
        }

        public Result Wait()
        {
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"toxic did not finish in {Limit.TotalMinutes} minutes");
            }
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }

    private static Result Start(string program, string[] prefix, IReadOnlyDictionary<string, string?> environment,
                                string workingDirectory, string stdin, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "toxic.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A wide virtual console keeps tables on one line per row.
        start.Environment["COLUMNS"] = "200";
        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"toxic {string.Join(' ', arguments)} did not finish in {Limit.TotalMinutes} minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
