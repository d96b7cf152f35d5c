using System.Diagnostics;

namespace ToxicComments.Tests.Support;

/// <summary>
/// The clients and reference implementations some tests run as child processes: Debian's Python with NumPy and
/// onnx, and transformers.js under Node. Each is installed on first use when missing (CI machines start without
/// them), from apt or npm; a test that needs one fails, not skips, when it cannot be had.
/// </summary>
public static class ExternalTools
{
    /// <summary>Debian's interpreter: the <c>python3</c> first on PATH may be another one, without Debian's packages.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The repository's root: the folder above the test binaries that holds the solution.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly Lazy<bool> PythonPackages = new(() =>
    {
        AptInstall("python3-numpy", () => Run(Python, TimeSpan.FromMinutes(1), null, null, "-c", "import numpy").ExitCode == 0);
        AptInstall("python3-onnx", () => Run(Python, TimeSpan.FromMinutes(1), null, null, "-c", "import onnx").ExitCode == 0);
        return true;
    });

    private static readonly Lazy<string> TransformersJsFolder = new(() =>
    {
        string folder = Path.Combine(RepositoryRoot, "tests", "reference", "transformersjs");
        if (!File.Exists(Path.Combine(folder, "node_modules", "@huggingface", "transformers", "package.json")))
        {
            AptInstall("nodejs", () => File.Exists("/usr/bin/node"));
            AptInstall("npm", () => File.Exists("/usr/bin/npm"));
            // onnxruntime-node's CPU binaries come in the npm package; skip its download of CUDA providers.
            Result install = Run("npm", TimeSpan.FromMinutes(10), folder, new Dictionary<string, string> { ["ONNXRUNTIME_NODE_INSTALL"] = "skip" },
                "ci", "--no-audit", "--no-fund");
            Assert.True(install.ExitCode == 0, $"npm ci in {folder} failed:\n{install.Stderr}");
        }
        return folder;
    });

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a script of <c>tests/reference</c> with Debian's Python (NumPy and onnx installed first).</summary>
    public static Result RunPython(params string[] arguments)
    {
        _ = PythonPackages.Value;
        return Run(Python, TimeSpan.FromMinutes(5), RepositoryRoot, null, arguments);
    }

    /// <summary>Runs <c>tests/reference/transformersjs/score.mjs</c> (transformers.js installed first).</summary>
    public static Result RunTransformersJs(params string[] arguments)
    {
        string folder = TransformersJsFolder.Value;
        return Run("node", TimeSpan.FromMinutes(5), folder, null, [Path.Combine(folder, "score.mjs"), .. arguments]);
    }

    /// <summary>Installs a Debian package unless <paramref name="present"/> says it is there already.</summary>
    public static void AptInstall(string package, Func<bool> present) => AptInstall([package], present);

    /// <summary>Installs Debian packages unless <paramref name="present"/> says they are there already.</summary>
    public static void AptInstall(string[] packages, Func<bool> present)
    {
        if (present())
        {
            return;
        }
        // The package lists may be stale on a fresh machine: refresh them once if the first try fails.
        if (Run("apt-get", TimeSpan.FromMinutes(10), null, null, ["install", "-y", .. packages]).ExitCode != 0)
        {
            Run("apt-get", TimeSpan.FromMinutes(5), null, null, "update");
            Result retry = Run("apt-get", TimeSpan.FromMinutes(10), null, null, ["install", "-y", .. packages]);
            Assert.True(retry.ExitCode == 0, $"apt-get install -y {string.Join(' ', packages)} failed:\n{retry.Stderr}");
        }
        Assert.True(present(), $"{string.Join(", ", packages)}: still missing after apt-get install");
    }

    /// <summary>Runs <paramref name="program"/> to its end, its output captured; killed after <paramref name="timeout"/>.</summary>
    public static Result Run(string program, TimeSpan timeout, string? workingDirectory, IReadOnlyDictionary<string, string>? environment,
                             params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
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
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ToxicNotebooks.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no ToxicNotebooks.sln above {AppContext.BaseDirectory}");
    }
}
