using System.Diagnostics;

namespace ToxicComments.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test (as root, which the tests run as here and in CI): a real file system that runs
/// out of space at a given size, or refuses every write (<c>ro</c>). Unmounted on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    public TmpfsMount(string path, string options)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
    }

    public string Path { get; }

    public void Dispose() => Run("umount", Path);

    private static void Run(string program, params string[] arguments)
    {
        using Process process = Process.Start(program, arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode} (the test needs root).");
        }
    }
}
