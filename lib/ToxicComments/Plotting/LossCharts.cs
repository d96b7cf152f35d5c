using Plotly.NET;
using Plotly.NET.CSharp;
using ToxicComments.Training;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace ToxicComments.Plotting;

/// <summary>Charts of stage 05's losses. Epochs are numbered from 1 here, as people count them.</summary>
public static class LossCharts
{
    /// <summary>Train and validation loss per epoch, as the tutorial plots <c>history.history['loss']</c> and <c>['val_loss']</c>.</summary>
    public static GenericChart PerEpoch(IReadOnlyList<EpochLoss> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var lines = new List<GenericChart>
        {
            CSharpChart.Line<int, double, string>(epochs.Select(e => e.Epoch + 1), epochs.Select(e => e.TrainLoss), Name: "train", ShowMarkers: true),
        };
        EpochLoss[] validated = epochs.Where(e => e.ValidationLoss is not null).ToArray();
        if (validated.Length > 0)
        {
            lines.Add(CSharpChart.Line<int, double, string>(validated.Select(e => e.Epoch + 1), validated.Select(e => e.ValidationLoss!.Value),
                Name: "validation", ShowMarkers: true));
        }
        return DataCharts.Titled(CSharpChart.Combine(lines), "Loss per epoch (binary cross-entropy)")
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "loss");
    }

    /// <summary>The training loss of every optimizer step: noisy, but it shows a divergence or a plateau within an epoch.</summary>
    public static GenericChart PerStep(IReadOnlyList<StepLoss> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return DataCharts.Titled(CSharpChart.Line<int, double, string>(steps.Select(s => s.Step), steps.Select(s => s.Loss), Name: "train"),
                "Training loss per step")
            .WithXAxisStyle<double, double, string>(TitleText: "optimizer step")
            .WithYAxisStyle<double, double, string>(TitleText: "loss");
    }
}
