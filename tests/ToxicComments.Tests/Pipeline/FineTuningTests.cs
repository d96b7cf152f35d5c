using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;
using ToxicComments.Training;
using ToxicComments.Training.Checkpoints;
using ToxicComments.Training.Ensembling;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;

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
    public void Train_WiseFt_KeepsBothEnds_SavesTheChosenMixAsTheModel()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(60);
        CommentSet train = comments.Select(Enumerable.Range(0, 30), "train"), validation = comments.Select(Enumerable.Range(30, 30), "validation");
        var settings = new FineTuneSettings
        {
            Model = temp.Path,
            Head = ClassifierHead.MeanPooled,
            HeadInitialization = HeadInitialization.LinearProbe,
            WiseFtAlphas = WiseFt.AlphaGrid,
            Training = new TrainingOptions { MaxLength = 32, Epochs = 1, BatchSize = 8 },
        };
        var stages = new StageFolders(temp.File("run"));

        FineTuneResult result = FineTuning.Prepare(new DatasetSplit(train, validation, validation), settings).Train(stages);

        Assert.NotNull(result.WiseFt);
        Assert.Equal(WiseFt.AlphaGrid, result.WiseFt.Candidates.Select(c => c.Alpha));
        Assert.All(result.WiseFt.Candidates, c => Assert.NotNull(c.ValidationRocAuc));
        Assert.Equal(
            ["alpha,validation_roc_auc,toxic,severe_toxic,obscene,threat,insult,identity_hate",
             .. result.WiseFt.Candidates.Select(c => FormattableString.Invariant(
                 $"{c.Alpha:R},{c.ValidationRocAuc:R},{string.Join(',', c.Validation!.PerLabel.Select(l => FormattableString.Invariant($"{l.Value:R}")))}"))],
            File.ReadAllLines(stages.WiseFtScores));
        using StateDict start = SafeTensors.Read(Path.Combine(stages.StartModel, "model.safetensors"));
        using StateDict bestEpoch = SafeTensors.Read(Path.Combine(stages.BestEpochModel, "model.safetensors"));
        using StateDict saved = SafeTensors.Read(Path.Combine(stages.Model, "model.safetensors"));
        Assert.False(start["bert.embeddings.word_embeddings.weight"].allclose(bestEpoch["bert.embeddings.word_embeddings.weight"], rtol: 0, atol: 0),
            "training did not move the encoder");
        Dictionary<string, Tensor> expected = WiseFt.Interpolate(start, bestEpoch, result.WiseFt.Alpha);
        Assert.All(expected, pair => Assert.True(pair.Value.allclose(saved[pair.Key], rtol: 0, atol: 0), pair.Key));
    }

    [Fact]
    public void Train_ResumedWiseFtRunWithoutItsStartingWeights_SaysHowToGoOn()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(20);
        var split = new DatasetSplit(comments, null, comments);
        var settings = new FineTuneSettings
        {
            Model = temp.Path,
            WiseFtAlphas = [0.5],
            Training = new TrainingOptions { MaxLength = 32, Epochs = 1, BatchSize = 8 },
        };
        var stages = new StageFolders(temp.File("run"));
        Assert.Equal(TrainingOutcome.Completed, FineTuning.Prepare(split, settings).Train(stages).Training.Outcome);
        Directory.Delete(stages.StartModel, recursive: true);

        CheckpointException error = Assert.Throws<CheckpointException>(
            () => FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume }).Train(stages));

        Assert.Equal($"{stages.StartModel} is missing: WiSE-FT mixes the fine-tuned weights with the ones this run started from. Start over (--restart) or leave WiSE-FT out (--wise-ft off).",
            error.Message);
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
