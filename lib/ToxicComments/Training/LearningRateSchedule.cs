namespace ToxicComments.Training;

/// <summary>
/// The learning rate of each optimizer step, as Hugging Face's schedules compute it
/// (<c>get_constant_schedule_with_warmup</c>, <c>get_linear_schedule_with_warmup</c>): a linear rise over the warm-up
/// steps from 0, then constant or a linear fall to 0 at the last step. A function of the step only, so a resumed
/// run needs nothing but the step to continue it.
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, double PeakRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>The schedule of a run of <paramref name="totalSteps"/> optimizer steps.</summary>
    public static LearningRateSchedule For(TrainingOptions options, int totalSteps) =>
        new(options.Schedule, options.LearningRate, (int)Math.Ceiling(options.WarmupRatio * totalSteps), totalSteps);

    /// <summary>The rate for optimizer step <paramref name="step"/>, counted from 0.</summary>
    public double At(int step)
    {
        if (step < WarmupSteps)
        {
            return PeakRate * step / WarmupSteps;
        }
        return Kind switch
        {
            ScheduleKind.Constant => PeakRate,
            ScheduleKind.Linear => PeakRate * Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps)),
            _ => throw new InvalidOperationException($"unknown schedule {Kind}"),
        };
    }
}
