using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ToxicComments.Runtime;
using static TorchSharp.torch;

namespace ToxicComments.Cli.Commands;

/// <summary>
/// The options every command that runs a model without training it shares (<c>evaluate</c>, <c>predict</c>,
/// <c>embed</c>): where it runs, and on how many CPU threads. Each command checks its own options in
/// <see cref="ValidateOptions"/>.
/// </summary>
internal abstract class ScoringSettings : CommandSettings
{
    [CommandOption("--device <DEVICE>")]
    [Description("auto (CUDA when available), cpu, cuda or cuda:N.")]
    [DefaultValue("auto")]
    public string Device { get; init; } = "auto";

    [CommandOption("--threads <N>")]
    [Description("CPU threads. Default: libtorch's (every core, or OMP_NUM_THREADS). Fewer when other jobs share the CPU: a parallel kernel waits for its slowest thread.")]
    public int? Threads { get; init; }

    public sealed override ValidationResult Validate() =>
        Threads < 1 ? ValidationResult.Error($"--threads must be 1 or more, not {Threads}.")
        : !DeviceNames.IsValid(Device) ? ValidationResult.Error($"--device must be auto, cpu, cuda or cuda:N, not '{Device}'.")
        : ValidateOptions();

    /// <summary>The command's own checks.</summary>
    protected virtual ValidationResult ValidateOptions() => ValidationResult.Success();

    /// <summary>Applies <see cref="Threads"/> and picks the device (see <see cref="TorchRuntime.PickDevice"/>).</summary>
    public Device UseDevice()
    {
        if (Threads is int threads)
        {
            set_num_threads(threads);
        }
        return TorchRuntime.PickDevice(Device);
    }
}
