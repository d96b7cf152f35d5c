using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;
using ToxicComments.Training;

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
}
