namespace ToxicComments.Cli.Commands;

/// <summary>An option's value is not one the option takes; the message says which values it takes.</summary>
internal sealed class OptionValueException(string message) : ArgumentException(message);
