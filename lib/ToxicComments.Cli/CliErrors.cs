using Spectre.Console.Cli;
using ToxicComments.Cli.Commands;
using ToxicComments.Data.Loading;
using ToxicComments.Hub;
using ToxicComments.Training;
using ToxicComments.Training.Checkpoints;

namespace ToxicComments.Cli;

/// <summary>Turns the errors a user can cause into one line on stderr and an exit code; bugs still get a stack trace.</summary>
internal static class CliErrors
{
    /// <summary>Bad input or a failing environment: a malformed file, a missing path, a full disk, a model the Hub cannot give.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself did not parse.</summary>
    public const int UsageError = 2;

    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        // Every I/O failure is the environment's, not a bug: no space left, a read-only or missing folder, no
        // permission, a symbolic-link loop, a run folder another process holds. Each says which file.
        catch (Exception e) when (e is JigsawFormatException or IOException or ArgumentException or InvalidDataException
                                      or UnauthorizedAccessException or HubException or CheckpointException
                                      or TrainingDivergedException or NotSupportedException)
        {
            Console.Error.WriteLine($"toxic: {e.Message}");
            return InputError;
        }
        catch (CommandAppException e)
        {
            // An option's converter says what the option takes; Spectre's own message only names the type.
            Console.Error.WriteLine($"toxic: {(e.InnerException is OptionValueException value ? value.Message : e.Message)}");
            return UsageError;
        }
    }
}
