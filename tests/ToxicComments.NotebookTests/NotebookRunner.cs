using System.Diagnostics;

namespace ToxicComments.NotebookTests;

/// <summary>
/// Executes a notebook top to bottom as Jupyter users and VS Code's Polyglot Notebooks do: in the .NET Interactive
/// kernel (<c>Microsoft.dotnet-interactive</c>, pinned in .config/dotnet-tools.json, kernel <c>.net-csharp</c>),
/// driven by Jupyter's own executor, <c>jupyter nbconvert --execute</c> from Debian's packages, with the notebook's
/// folder as the kernel's. Parameters reach the notebook's parameters cell through the environment variables it
/// reads (TOXIC_DATA, TOXIC_RECIPE, TOXIC_ARTIFACTS).
/// </summary>
internal static class NotebookRunner
{
    private const string Jupyter = "/usr/bin/jupyter";

    /// <summary>Debian's Jupyter packages that execute a notebook: nbconvert with its executor, and the kernel client.</summary>
    private static readonly string[] JupyterPackages = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel"];

    private static readonly Lazy<bool> Prepared = new(Prepare);

    /// <summary>Builds what the notebooks and <c>toxic</c> need, once, before a test runs either.</summary>
    public static void EnsurePrepared() => _ = Prepared.Value;

    /// <param name="notebookPath">The notebook.</param>
    /// <param name="environment">Variables set for the kernel (TOXIC_DATA, TOXIC_RECIPE, TOXIC_ARTIFACTS).</param>
    /// <param name="outputFolder">Where the executed copy goes.</param>
    public static ExecutedNotebook Run(string notebookPath, IReadOnlyDictionary<string, string> environment, string outputFolder)
    {
        _ = Prepared.Value;
        string name = Path.GetFileName(notebookPath);
        string output = Path.Combine(outputFolder, Path.ChangeExtension(name, ".out.ipynb"));
        // --allow-errors: a failing cell is recorded as Jupyter shows it, and the tests name it; the cells after it run.
        string log = Execute(Jupyter, Path.GetDirectoryName(notebookPath)!, environment, TimeSpan.FromMinutes(8),
            "nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--ExecutePreprocessor.kernel_name=.net-csharp",
            "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=120",
            "--output-dir", outputFolder, "--output", Path.GetFileName(output), notebookPath).Output;
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"{name}: Jupyter wrote no executed notebook.\n{log}");
        }
        return ExecutedNotebook.Read(name, output, log);
    }

    /// <summary>
    /// The README's set-up for Jupyter, done here so the tests pass on a fresh clone: Debian's Jupyter packages (when
    /// missing), the pinned tools, the kernel registered with Jupyter, and a build of the library (which writes the
    /// notebooks' references.dib) and of the command.
    /// </summary>
    private static bool Prepare()
    {
        var none = new Dictionary<string, string>();
        if (!File.Exists("/usr/bin/jupyter-nbconvert") || !Directory.Exists("/usr/lib/python3/dist-packages/nbclient"))
        {
            AptInstall(JupyterPackages);
        }
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "tool", "restore");
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(2), "interactive", "jupyter", "install");
        // The command too: one test runs toxic run before its notebooks.
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "build", "lib/ToxicComments.Cli/ToxicComments.Cli.csproj", "-c", "Debug", "--nologo", "-v", "q");
        return true;
    }

    private static void AptInstall(string[] packages)
    {
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        // The package lists may be stale on a fresh machine: refresh them once if the first try fails.
        if (Execute("apt-get", Repository.Root, environment, TimeSpan.FromMinutes(10), ["install", "-y", .. packages], failOnExit: false).ExitCode != 0)
        {
            Execute("apt-get", Repository.Root, environment, TimeSpan.FromMinutes(5), "update");
            Execute("apt-get", Repository.Root, environment, TimeSpan.FromMinutes(10), ["install", "-y", .. packages]);
        }
    }

    internal static (int ExitCode, string Output) Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments) =>
        Execute("dotnet", workingDirectory, environment, timeout, arguments);

    private static (int ExitCode, string Output) Execute(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
                                                         params string[] arguments) =>
        Execute(program, workingDirectory, environment, timeout, arguments, failOnExit: true);

    private static (int ExitCode, string Output) Execute(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
                                                         string[] arguments, bool failOnExit)
    {
        var start = new ProcessStartInfo(program)
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
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran over {timeout}");
        }
        string output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 && failOnExit)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }
        return (process.ExitCode, output);
    }
}
