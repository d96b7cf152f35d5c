using System.Globalization;

namespace ToxicComments.Cli.Commands;

/// <summary>What <c>--device</c> takes, checked when the command line is parsed.</summary>
internal static class DeviceNames
{
    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public static bool IsValid(string device) =>
        device is "auto" or "cpu" or "cuda"
        || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], NumberStyles.None, CultureInfo.InvariantCulture, out _));
}
