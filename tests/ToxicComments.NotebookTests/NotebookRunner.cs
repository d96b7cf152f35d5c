using ToxicComments.Tests.Support;

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
        ExternalTools.AptInstall(JupyterPackages, () => File.Exists("/usr/bin/jupyter-nbconvert") && Directory.Exists("/usr/lib/python3/dist-packages/nbclient"));
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "tool", "restore");
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(2), "interactive", "jupyter", "install");
        // The command too: one test runs toxic run before its notebooks.
        Dotnet(Repository.Root, none, TimeSpan.FromMinutes(5), "build", "lib/ToxicComments.Cli/ToxicComments.Cli.csproj", "-c", "Debug", "--nologo", "-v", "q");
        return true;
    }

    internal static (int ExitCode, string Output) Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments) =>
        Execute("dotnet", workingDirectory, environment, timeout, arguments);

    private static (int ExitCode, string Output) Execute(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
                                                         params string[] arguments)
    {
        ExternalTools.Result result = ExternalTools.Run(program, timeout, workingDirectory, environment, arguments);
        string output = result.Stdout + result.Stderr;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{output}");
        }
        return (result.ExitCode, output);
    }
}
