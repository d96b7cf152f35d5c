using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Evaluation;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;
using ToxicComments.Tokenization;
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

        using var stages = new TempFolder();

        FineTuning job = FineTuning.Prepare(split, new FineTuneSettings { Model = temp.Path, Training = new TrainingOptions { MaxLength = 512, Epochs = 1 } }, new StageFolders(stages.Path));

        Assert.Equal(64, job.MaxLength);
        Assert.All(job.TrainSet.Texts.Ids, ids => Assert.Equal(64, ids.Length));
        FineTuneResult result = job.Train();
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
        FineTuneResult first = FineTuning.Prepare(split, settings, new StageFolders(stages.Path)).Train(progress, stop.Token);
        FineTuneResult resumed = FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume }, new StageFolders(stages.Path))
            .Train();

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

        ArgumentException error = Assert.Throws<ArgumentException>(() => FineTuning.Prepare(split, settings, new StageFolders("unused")));

        Assert.StartsWith("a linear probe starts the MeanPooled head only, not the Tutorial head.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Soup_TrainsEachSeedFromTheStart_SavesTheMeanOfTheirBestEpochs_AndScoresThem()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(60);
        CommentSet train = comments.Select(Enumerable.Range(0, 30), "train"), validation = comments.Select(Enumerable.Range(30, 30), "validation");
        var split = new DatasetSplit(train, validation, validation);
        FineTuneSettings single = SoupSettings(temp.Path, soupSize: 1);
        var stages = new StageFolders(temp.File("soup"));

        FineTuneResult result = FineTuning.Prepare(split, SoupSettings(temp.Path, soupSize: 2), stages).Train();
        // The first member is the run a single model with the same seed would be.
        var first = new StageFolders(temp.File("seed-42"));
        FineTuning.Prepare(split, single, first).Train();
        // The second is the same start trained with the next seed. (Not a single run with seed 43: the seed also draws
        // the head's initial weights, which the probe keeps for labels with one class in these few comments.)
        using StateDict second = TrainFrom(stages.StartModel, single.Training with { Seed = 43 }, train, validation);

        Assert.NotNull(result.Soup);
        Assert.Equal([42, 43], result.Soup.Members.Select(m => m.Seed));
        AssertSameWeights(first.Model, stages.SoupMember(1).Model);
        Assert.Equal(File.ReadAllText(first.StepLosses), File.ReadAllText(stages.StepLosses));
        Assert.Equal(2, File.ReadAllLines(stages.SoupMember(2).EpochLosses).Length);
        using (StateDict one = SafeTensors.Read(Path.Combine(first.Model, "model.safetensors")))
        using (StateDict two = SafeTensors.Read(Path.Combine(stages.SoupMember(2).Model, "model.safetensors")))
        using (StateDict saved = SafeTensors.Read(Path.Combine(stages.Model, "model.safetensors")))
        {
            Assert.All(second, pair => Assert.True(pair.Value.allclose(two[pair.Key], rtol: 0, atol: 0), pair.Key));
            Assert.False(one["bert.embeddings.word_embeddings.weight"].allclose(two["bert.embeddings.word_embeddings.weight"], rtol: 0, atol: 0),
                "the two seeds trained the same model");
            Dictionary<string, Tensor> expected = ModelSoup.Average([one, two]);
            Assert.All(expected, pair => Assert.True(pair.Value.allclose(saved[pair.Key], rtol: 0, atol: 0), pair.Key));
        }
        // Each member, then the soup, scored on the validation split as the saved models score it.
        Assert.NotNull(result.Soup.Validation);
        Assert.All(result.Soup.Members, m => Assert.NotNull(m.Validation));
        string[] rows = File.ReadAllLines(stages.SoupScores);
        Assert.Equal("member,seed,validation_roc_auc,toxic,severe_toxic,obscene,threat,insult,identity_hate", rows[0]);
        Assert.Equal(["1,42,", "2,43,", "soup,,"], rows[1..].Select(r => r[..(r.IndexOf(',', r.IndexOf(',') + 1) + 1)]));
        Assert.Equal(FormattableString.Invariant($"{result.Soup.Validation.Macro:R}"), rows[3].Split(',')[2]);
        Assert.Equal(ScoreSaved(stages.Model, validation), result.Soup.Validation.Macro!.Value, 6);
        Assert.Equal(ScoreSaved(first.Model, validation), result.Soup.Members[0].Validation!.Macro!.Value, 6);
    }

    [Fact]
    public void Train_SoupStoppedInItsSecondMember_ResumesThereAndEndsWithTheUninterruptedSoup()
    {
        using var temp = new TempFolder();
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(40);
        CommentSet train = comments.Select(Enumerable.Range(0, 30), "train"), validation = comments.Select(Enumerable.Range(30, 10), "validation");
        var split = new DatasetSplit(train, validation, validation);
        FineTuneSettings settings = SoupSettings(temp.Path, soupSize: 3) with { Training = SoupSettings(temp.Path, 3).Training with { Epochs = 2, CheckpointEverySteps = 3 } };
        var whole = new StageFolders(temp.File("whole"));
        var stopped = new StageFolders(temp.File("stopped"));
        FineTuning.Prepare(split, settings, whole).Train();

        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(update =>
        {
            if (update.SoupMember == 2 && update.Step == 4)
            {
                stop.Cancel();
            }
        });
        FineTuneResult first = FineTuning.Prepare(split, settings, stopped).Train(progress, stop.Token);
        Assert.Equal(TrainingOutcome.Cancelled, first.Training.Outcome);
        Assert.Null(first.Soup);
        Assert.True(Directory.Exists(stopped.SoupMember(2).Checkpoints));
        Assert.False(Directory.Exists(stopped.SoupMember(3).Checkpoints));
        Assert.False(File.Exists(stopped.SoupScores));
        FineTuneResult resumed = FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume }, stopped).Train();

        Assert.Equal(TrainingOutcome.Completed, resumed.Training.Outcome);
        AssertSameWeights(whole.Model, stopped.Model);
        for (int member = 1; member <= 3; member++)
        {
            Assert.Equal(File.ReadAllText(whole.SoupMember(member).StepLosses), File.ReadAllText(stopped.SoupMember(member).StepLosses));
        }
        Assert.Equal(File.ReadAllText(whole.SoupScores), File.ReadAllText(stopped.SoupScores));
    }

    [Fact]
    public void Train_ResumedSoupWithoutItsStartingWeights_SaysHowToGoOn()
    {
        using var temp = new TempFolder();
        DatasetSplit split = TinyEncoderAndComments(temp);
        FineTuneSettings settings = SoupSettings(temp.Path, soupSize: 2);
        var stages = new StageFolders(temp.File("run"));
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(_ => stop.Cancel());
        Assert.Equal(TrainingOutcome.Cancelled, FineTuning.Prepare(split, settings, stages).Train(progress, stop.Token).Training.Outcome);
        Directory.Delete(stages.StartModel, recursive: true);

        CheckpointException error = Assert.Throws<CheckpointException>(
            () => FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume }, stages).Train());

        Assert.Equal($"{stages.StartModel} is missing: each member of the soup starts from the weights this run started from. Start over (--restart).", error.Message);
    }

    [Fact]
    public void Train_SoupMembersDamagedNewestCheckpoint_ResumeNamesIt_ResumingFromThePreviousFinishesTheSoup()
    {
        using var temp = new TempFolder();
        DatasetSplit split = TinyEncoderAndComments(temp);
        FineTuneSettings settings = SoupSettings(temp.Path, soupSize: 2);
        settings = settings with { Training = settings.Training with { Epochs = 2, CheckpointEverySteps = 1 } };
        var stages = new StageFolders(temp.File("run"));
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(update =>
        {
            if (update.SoupMember == 2 && update.Step == 2)
            {
                stop.Cancel();
            }
        });
        FineTuning.Prepare(split, settings, stages).Train(progress, stop.Token);
        string[] kept = Directory.GetDirectories(stages.SoupMember(2).Checkpoints).Order().Reverse().ToArray();
        string optimizer = Path.Combine(kept[0], "optimizer.bin");
        File.WriteAllBytes(optimizer, File.ReadAllBytes(optimizer)[..100]);

        CheckpointException refused = Assert.Throws<CheckpointException>(
            () => FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Resume }, stages).Train());
        FineTuneResult resumed = FineTuning.Prepare(split, settings with { ResumeFrom = kept[1] }, stages).Train();

        Assert.Contains($"{optimizer}: damaged", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"The previous checkpoint, {kept[1]}, can be resumed from instead.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingOutcome.Completed, resumed.Training.Outcome);
        Assert.NotNull(resumed.Soup);
        Assert.Equal([42, 43], resumed.Soup.Members.Select(m => m.Seed));
    }

    [Fact]
    public void Train_EarlierSoupMembersCheckpoints_AreRefusedWithoutResumeOrRestart_AndRestartDeletesThem()
    {
        using var temp = new TempFolder();
        DatasetSplit split = TinyEncoderAndComments(temp);
        FineTuneSettings settings = SoupSettings(temp.Path, soupSize: 2);
        var stages = new StageFolders(temp.File("run"));
        FineTuning.Prepare(split, settings, stages).Train();
        // Only the second member's checkpoints are left: they alone must stop a new run.
        Directory.Delete(stages.Checkpoints, recursive: true);

        CheckpointException error = Assert.Throws<CheckpointException>(() => FineTuning.Prepare(split, settings, stages).Train());
        FineTuneResult restarted = FineTuning.Prepare(split, settings with { EarlierCheckpoints = EarlierCheckpoints.Restart }, stages).Train();

        Assert.StartsWith($"{stages.SoupMember(2).Checkpoints} holds an earlier run's checkpoints", error.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingOutcome.Completed, restarted.Training.Outcome);
        Assert.NotNull(restarted.Soup);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Train_RestartInANewRunFolder_Trains(int soupSize)
    {
        using var temp = new TempFolder();
        DatasetSplit split = TinyEncoderAndComments(temp);
        var stages = new StageFolders(temp.File("new"));

        FineTuneResult result = FineTuning.Prepare(split, SoupSettings(temp.Path, soupSize) with { EarlierCheckpoints = EarlierCheckpoints.Restart }, stages).Train();

        Assert.Equal(TrainingOutcome.Completed, result.Training.Outcome);
        Assert.True(File.Exists(Path.Combine(stages.Model, "model.safetensors")));
    }

    [Fact]
    public void Prepare_SoupOfNone_SaysWhy()
    {
        var split = new DatasetSplit(TinyTraining.Comments(8), null, TinyTraining.Comments(8));
        var settings = new FineTuneSettings { SoupSize = 0 };

        ArgumentException error = Assert.Throws<ArgumentException>(() => FineTuning.Prepare(split, settings, new StageFolders("unused")));

        Assert.StartsWith("a soup has 1 member or more, not 0.", error.Message, StringComparison.Ordinal);
    }

    // A tiny encoder saved in `temp`, and 20 synthetic comments to train and test on, with no validation split.
    private static DatasetSplit TinyEncoderAndComments(TempFolder temp)
    {
        TinyClassifier.Save(temp.Path);
        CommentSet comments = TinyTraining.Comments(20);
        return new DatasetSplit(comments, null, comments);
    }

    private static FineTuneSettings SoupSettings(string model, int soupSize) => new()
    {
        Model = model,
        Head = ClassifierHead.MeanPooled,
        HeadInitialization = HeadInitialization.LinearProbe,
        SoupSize = soupSize,
        Training = new TrainingOptions { MaxLength = 32, Epochs = 1, BatchSize = 8, Threads = 1 },
    };

    private static void AssertSameWeights(string expectedFolder, string actualFolder)
    {
        using StateDict expected = SafeTensors.Read(Path.Combine(expectedFolder, "model.safetensors"));
        using StateDict actual = SafeTensors.Read(Path.Combine(actualFolder, "model.safetensors"));
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, pair => Assert.True(pair.Value.allclose(actual[pair.Key], rtol: 0, atol: 0), pair.Key));
    }

    // The model saved in `start`, trained by the library's Trainer alone: its weights at the end.
    private static StateDict TrainFrom(string start, TrainingOptions options, CommentSet train, CommentSet validation)
    {
        (nn.Module<Tensor, Tensor, Tensor, Tensor> model, _) = PretrainedModels.LoadSequenceClassifier(start);
        using (model)
        {
            BertWordPieceTokenizer tokenizer = BertTokenizerFiles.Load(start);
            new Trainer(model, options, CPU).Fit(TokenizedComments.Encode(tokenizer, train, options.MaxLength), TokenizedComments.Encode(tokenizer, validation, options.MaxLength));
            using var temp = new TempFolder();
            string file = temp.File("trained.safetensors");
            SafeTensors.Write(file, model.state_dict());
            return SafeTensors.Read(file);
        }
    }

    // The mean ROC AUC of a saved model folder on the comments, scored as the evaluation stage scores it.
    private static double ScoreSaved(string modelFolder, CommentSet comments)
    {
        (nn.Module<Tensor, Tensor, Tensor, Tensor> model, _) = PretrainedModels.LoadSequenceClassifier(modelFolder);
        using (model)
        {
            TokenizedComments tokenized = TokenizedComments.Encode(BertTokenizerFiles.Load(modelFolder), comments, 32);
            using Tensor logits = ToxicComments.Inference.ForwardPass.Run(model, tokenized.Texts, tokenized.PaddingId, 64, CPU, model.forward);
            return RocAuc.Compute(tokenized.Truth(), ToxicComments.Inference.ForwardPass.ToMatrix(logits)).Macro!.Value;
        }
    }
}
