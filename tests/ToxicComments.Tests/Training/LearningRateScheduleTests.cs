using ToxicComments.Training;

namespace ToxicComments.Tests.Training;

public sealed class LearningRateScheduleTests
{
    // Hugging Face's get_linear_schedule_with_warmup(optimizer, 2, 10) with lr 1.0, worked by hand: step/2 while
    // warming up, then (10 - step) / (10 - 2).
    [Fact]
    public void Linear_WarmsUpThenDecaysToZero_AsHuggingFace()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Linear, 1.0, WarmupSteps: 2, TotalSteps: 10);

        double[] expected = [0, 0.5, 1, 7 / 8.0, 6 / 8.0, 5 / 8.0, 4 / 8.0, 3 / 8.0, 2 / 8.0, 1 / 8.0, 0, 0];
        Assert.Equal(expected, Enumerable.Range(0, 12).Select(schedule.At), new Tolerance(1e-15));
    }

    [Fact]
    public void Constant_WithWarmup_RisesThenStays()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Constant, 5e-5, WarmupSteps: 4, TotalSteps: 100);

        Assert.Equal([0, 1.25e-5, 2.5e-5, 3.75e-5, 5e-5, 5e-5], Enumerable.Range(0, 6).Select(schedule.At), new Tolerance(1e-20));
        Assert.Equal(5e-5, schedule.At(99));
    }

    [Fact]
    public void For_TutorialDefaults_IsConstantWithoutWarmup()
    {
        var schedule = LearningRateSchedule.For(new TrainingOptions(), totalSteps: 50);

        Assert.Equal(0, schedule.WarmupSteps);
        Assert.All(Enumerable.Range(0, 50), step => Assert.Equal(5e-5, schedule.At(step)));
    }

    [Fact]
    public void For_WarmupRatio_RoundsUpToWholeSteps_AsHuggingFace()
    {
        var options = new TrainingOptions { Schedule = ScheduleKind.Linear, WarmupRatio = 0.1 };

        // math.ceil(95 * 0.1) in Hugging Face's TrainingArguments.get_warmup_steps.
        Assert.Equal(10, LearningRateSchedule.For(options, totalSteps: 95).WarmupSteps);
        Assert.Equal(10, LearningRateSchedule.For(options, totalSteps: 100).WarmupSteps);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
