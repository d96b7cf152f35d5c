using System.Diagnostics;

namespace ToxicComments.NotebookTests;

/// <summary>
/// Executes a notebook top to bottom in the real .NET Interactive kernel, headless, with dotnet-repl (pinned in
/// .config/dotnet-tools.json), from the notebooks folder as VS Code would. Parameters reach the notebook's
/// parameters cell through the environment variables it reads (TOXIC_DATA, TOXIC_ARTIFACTS).
/// </summary>
internal static class NotebookRunner
{
    private static readonly Lazy<bool> Prepared = new(Prepare);

    /// <summary>Builds what the notebooks and <c>toxic</c> need, once, before a test runs either.</summary>
    public static void EnsurePrepared() => _ = Prepared.Value;

    /// <param name="notebookPath">The notebook.</param>
    /// <param name="environment">Variables set for the kernel (TOXIC_DATA, TOXIC_RECIPE, TOXIC_ARTIFACTS).</param>
    /// <param name="outputFolder">Where the executed copy goes.</param>
    /// <param name="workingDirectory">The kernel's folder; by default the repository's notebooks/, as VS Code runs them.</param>
    public static ExecutedNotebook Run(string notebookPath, IReadOnlyDictionary<string, string> environment, string outputFolder,
                                       string? workingDirectory = null)
    {
        _ = Prepared.Value;
        string name = Path.GetFileName(notebookPath);
        string output = Path.Combine(outputFolder, Path.ChangeExtension(name, ".out.ipynb"));
        string log = Dotnet(workingDirectory ?? Repository.Notebooks, environment, TimeSpan.FromMinutes(8),
            "repl", "--run", notebookPath, "--exit-after-run", "--output-path", output).Output;
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"{name}: the kernel wrote no output notebook.\n{log}");
        }
        return ExecutedNotebook.Read(name, output, log);
    }

    /// <summary>
    /// The README's set-up, done here so the tests pass on a fresh clone: restore the pinned tools, and build
    /// the library where the notebooks' references cell expects it (Debug, whatever configuration runs the tests).
    /// </summary>
    private static bool Prepare()
    {
        var none = new Dictionary<string, string>();
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "tool", "restore");
        // The command too: one test runs toxic run before its notebooks.
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "build", "lib/ToxicComments.Cli/ToxicComments.Cli.csproj", "-c", "Debug", "--nologo", "-v", "q");
        return true;
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} ran over {timeout}");
        }
        string output = stdout.Result + stderr.Result;
        // dotnet-repl exits 2 when a cell failed; the tests read the cells to say which. Anything else is fatal.
        bool cellFailed = arguments[0] == "repl" && process.ExitCode == 2;
        if (process.ExitCode != 0 && !cellFailed)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }
        return (process.ExitCode, output);
    }
}
