using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Modeling;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;
using ToxicComments.Training;
using ToxicComments.Training.Probing;

namespace ToxicComments.Tests.Pipeline;

public sealed class FineTuningTests
{
    [Fact]
    public void Prepare_MaxLengthBeyondThePositionTable_IsCutToIt()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path); // 64 positions
        // Comments long enough to need more than 64 positions.
        CommentSet comments = new(TinyTraining.Comments(8).Select(c => c with { Text = string.Join(' ', Enumerable.Repeat(c.Text, 20)) }).ToArray(), "long");
        var split = new DatasetSplit(comments, null, comments);

        FineTuning job = FineTuning.Prepare(split, new FineTuneSettings { Model = temp.Path, Training = new TrainingOptions { MaxLength = 512, Epochs = 1 } });

        Assert.Equal(64, job.MaxLength);
        Assert.All(job.TrainSet.Texts.Ids, ids => Assert.Equal(64, ids.Length));
        using var stages = new TempFolder();
        FineTuneResult result = job.Train(new StageFolders(stages.Path));
        Assert.Equal(TrainingOutcome.Completed, result.Training.Outcome);
    }

    [Fact]
    public void Train_LinearProbeHead_StartsFromTheProbe_AndAResumedRunDoesNotRefitIt()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(40);
        CommentSet train = comments.Select(Enumerable.Range(0, 30), "train"), validation = comments.Select(Enumerable.Range(30, 10), "validation");
        var split = new DatasetSplit(train, validation, validation);
        var settings = new FineTuneSettings
        {
            Model = temp.Path,
            Head = ClassifierHead.MeanPooled,
            HeadInitialization = HeadInitialization.LinearProbe,
            Training = new TrainingOptions { MaxLength = 32, Epochs = 1, BatchSize = 8 },
        };
        using var stages = new TempFolder();

        // Stopped after two steps, then resumed: the second run takes its head from the checkpoint.
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(update =>
        {
            if (update.Step == 2)
            {
                stop.Cancel();
            }
        });
        FineTuneResult first = FineTuning.Prepare(split, settings).Train(new StageFolders(stages.Path), progress, stop.Token);
        FineTuneResult resumed = FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume })
            .Train(new StageFolders(stages.Path));

        Assert.Equal(TrainingOutcome.Cancelled, first.Training.Outcome);
        Assert.NotNull(first.Probe);
        Assert.Equal(LinearProbe.L2Grid.Count, first.Probe.Candidates.Count);
        Assert.Null(resumed.Probe);
        Assert.Equal(TrainingOutcome.Completed, resumed.Training.Outcome);
    }

    [Fact]
    public void Prepare_LinearProbeOnAnotherHead_SaysWhichHeadItNeeds()
    {
        var split = new DatasetSplit(TinyTraining.Comments(8), null, TinyTraining.Comments(8));
        var settings = new FineTuneSettings { Head = ClassifierHead.Tutorial, HeadInitialization = HeadInitialization.LinearProbe };

        ArgumentException error = Assert.Throws<ArgumentException>(() => FineTuning.Prepare(split, settings));

        Assert.StartsWith("a linear probe starts the MeanPooled head only, not the Tutorial head.", error.Message, StringComparison.Ordinal);
    }
}
