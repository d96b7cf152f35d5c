using System.Diagnostics;

namespace ToxicComments.Pipeline;

/// <summary>Seconds each stage of a run took, in the order they ran, as <c>metrics.json</c> records them.</summary>
public sealed class StageTimings
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, double> seconds = [];

    /// <summary>Each stage's seconds, rounded to milliseconds.</summary>
    public IReadOnlyDictionary<string, double> Seconds => seconds;

    /// <summary>The seconds of every stage recorded so far.</summary>
    public double Total => seconds.Values.Sum();

    /// <summary>Records the time since the previous lap (or since this object was made) as <paramref name="stage"/>'s.</summary>
    public void Lap(string stage)
    {
        seconds[stage] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        clock.Restart();
    }
}
