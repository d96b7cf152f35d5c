using System.Runtime.InteropServices;

namespace ToxicComments.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a request to stop: the first cancels <see cref="Token"/>, which the trainer honours
/// at its next step by writing a checkpoint and returning; the second is left to the system, which ends the process
/// at once. <see cref="ExitCode"/> is the shell's code for the signal: 130 for SIGINT, 143 for SIGTERM.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public StopSignals() =>
        registrations = [Register(PosixSignal.SIGINT, 130, "Ctrl+C"), Register(PosixSignal.SIGTERM, 143, "SIGTERM")];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>The exit code for the signal that asked to stop; null while none has.</summary>
    public int? ExitCode { get; private set; }

    private PosixSignalRegistration Register(PosixSignal signal, int exitCode, string name) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            if (source.IsCancellationRequested)
            {
                return; // the second: the default action ends the process now
            }
            context.Cancel = true;
            ExitCode = exitCode;
            Console.Error.WriteLine($"toxic: {name}: stopping at the next training step with a checkpoint (again to stop at once).");
            source.Cancel();
        });

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in registrations)
        {
            registration.Dispose();
        }
        source.Dispose();
    }
}
