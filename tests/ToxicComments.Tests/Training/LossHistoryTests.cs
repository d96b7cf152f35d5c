using ToxicComments.Tests.Support;
using ToxicComments.Training;

namespace ToxicComments.Tests.Training;

public sealed class LossHistoryTests
{
    [Fact]
    public void SaveThenLoad_KeepsEveryValueExactly()
    {
        using var temp = new TempFolder();
        var history = new LossHistory(
            [new StepLoss(1, 0, 0.6931471805599453, 5e-5, 412), new StepLoss(2, 0, 1.0 / 3, 2.5e-5, 7)],
            [new EpochLoss(0, 2, 0.1 + 0.2, null, 12.5), new EpochLoss(1, 4, 0.25, 0.30000000000000004, 25)]);

        history.Save(temp.File("steps.csv"), temp.File("epochs.csv"));
        LossHistory loaded = LossHistory.Load(temp.File("steps.csv"), temp.File("epochs.csv"));

        Assert.Equal(history.Steps, loaded.Steps);
        Assert.Equal(history.Epochs, loaded.Epochs);
        Assert.Equal("1,0,0.6931471805599453,5E-05,412", File.ReadAllLines(temp.File("steps.csv"))[1]);
    }

    [Fact]
    public void Load_MalformedLine_NamesFileAndLine()
    {
        using var temp = new TempFolder();
        temp.Write("steps.csv", "step,epoch,loss,learning_rate,tokens\n1,0,0.5,5e-5,10\n2,0,oops,5e-5,10\n");
        temp.Write("epochs.csv", "epoch,step,train_loss,validation_loss,seconds\n");

        var error = Assert.Throws<InvalidDataException>(() => LossHistory.Load(temp.File("steps.csv"), temp.File("epochs.csv")));

        Assert.StartsWith($"{temp.File("steps.csv")}:3:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.7, 0.5, 0.4 }, new[] { 0.8, 0.6, 0.65, 0.7 }, 2)]  // validation turns up at the third epoch
    [InlineData(new[] { 0.9, 0.7, 0.5 }, new[] { 0.8, 0.6, 0.55 }, null)]         // still improving
    [InlineData(new[] { 0.9, 0.95, 0.5 }, new[] { 0.8, 0.85, 0.9 }, 2)]           // a noisy training epoch is not over-fitting
    public void OverfittingEpoch_FirstEpochWhereValidationRisesWhileTrainingFalls(double[] train, double[] validation, int? expected)
    {
        var history = new LossHistory([], train.Select((t, i) => new EpochLoss(i, i + 1, t, validation[i], i)));

        Assert.Equal(expected, history.OverfittingEpoch());
    }

    [Fact]
    public void OverfittingEpoch_WithoutValidation_IsUnknown() =>
        Assert.Null(new LossHistory([], [new EpochLoss(0, 1, 0.5, null, 1), new EpochLoss(1, 2, 0.4, null, 2)]).OverfittingEpoch());
}
