using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Weights;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;
using ToxicComments.Training.Probing;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Cli;

/// <summary><c>toxic train</c> as a user runs it: a real process on a tiny BERT folder and a saved split.</summary>
public sealed class TrainCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    public TrainCliTests()
    {
        // A tiny pretrained "encoder" folder, and a saved split of 40 synthetic comments.
        TinyClassifier.Save(Encoder, seed: 1);
        var comments = TinyTraining.Comments(40);
        DatasetSplit split = DatasetSplitter.Split(comments, new SplitOptions { TestFraction = 0.2, ValidationFraction = 0.2 });
        SplitStore.Save(split, new StageFolders(Run("a")).Split);
        SplitStore.Save(split, new StageFolders(Run("b")).Split);
        StepsPerEpoch = (split.Train.Count + 7) / 8;
    }

    /// <summary>Optimizer steps in an epoch at batch size 8.</summary>
    private int StepsPerEpoch { get; }

    private static string Step(int step) => $"step-{step:D6}";

    private string Encoder => temp.File("tiny-bert");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Train_WritesTheBestModelLossesAndCheckpoints()
    {
        ToxicProcess.Result result = Train("a", "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var stages = new StageFolders(Run("a"));
        Assert.Contains("epoch 2: train loss", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(["epoch,step,train_loss,validation_loss,seconds", "0,", "1,"],
            File.ReadAllLines(stages.EpochLosses).Select((line, i) => i == 0 ? line : line[..2]));
        Assert.Equal(1 + (2 * StepsPerEpoch), File.ReadAllLines(stages.StepLosses).Length);
        (nn.Module<Tensor, Tensor, Tensor, Tensor> model, IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(stages.Model);
        model.Dispose();
        Assert.Equal(LabelNames.All, labels);
        Assert.Equal([Step(2 * StepsPerEpoch), Step(StepsPerEpoch)], Directory.GetDirectories(stages.Checkpoints).Select(Path.GetFileName).Order().Reverse());
    }

    [Fact]
    public void Train_KilledThenResumed_EndsWithTheWeightsOfAnUninterruptedRun()
    {
        string[] options = ["--epochs", "60", "--checkpoint-every", "7", "--threads", "1"];
        Assert.True(Train("a", options).ExitCode == 0);
        var killed = new StageFolders(Run("b"));

        bool wasKilled = ToxicProcess.RunAndKill(temp.Path, () => Directory.Exists(Path.Combine(killed.Checkpoints, "step-000021")),
            ["train", "--out", Run("b"), "--model", Encoder, "--batch-size", "8", .. options]);
        Assert.True(wasKilled, "the run ended before it could be killed");
        ToxicProcess.Result resumed = Train("b", [.. options, "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        SavedModels.AssertSameWeights(new StageFolders(Run("a")).Model, killed.Model);
        Assert.Equal(File.ReadAllText(new StageFolders(Run("a")).StepLosses), File.ReadAllText(killed.StepLosses));
    }

    [Fact]
    public void Train_SoupKilledInItsSecondMember_ResumedEndsWithTheUninterruptedSoup()
    {
        string[] options = ["--soup", "2", "--epochs", "20", "--checkpoint-every", "7", "--threads", "1"];
        ToxicProcess.Result whole = Train("a", options);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Contains("soup of 2 (seeds 42, 43)", whole.Stdout, StringComparison.Ordinal);
        var killed = new StageFolders(Run("b"));

        bool wasKilled = ToxicProcess.RunAndKill(temp.Path, () => Directory.Exists(Path.Combine(killed.SoupMember(2).Checkpoints, "step-000014")),
            ["train", "--out", Run("b"), "--model", Encoder, "--batch-size", "8", .. options]);
        Assert.True(wasKilled, "the run ended before it could be killed");
        Assert.False(File.Exists(killed.SoupScores));
        ToxicProcess.Result resumed = Train("b", [.. options, "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var uninterrupted = new StageFolders(Run("a"));
        SavedModels.AssertSameWeights(uninterrupted.Model, killed.Model);
        Assert.Equal(File.ReadAllText(uninterrupted.SoupScores), File.ReadAllText(killed.SoupScores));
    }

    [Fact]
    public void Train_SoupOfNone_IsAUsageError()
    {
        ToxicProcess.Result result = Train("a", "--soup", "0");

        AssertUsageErrorBeforeTraining(result, "--soup must be 1 or more, not 0.");
    }

    [Fact]
    public void Train_EarlierCheckpoints_RefusesWithoutResumeOrRestart()
    {
        Assert.Equal(0, Train("a", "--epochs", "1").ExitCode);

        ToxicProcess.Result again = Train("a", "--epochs", "1");
        ToxicProcess.Result restarted = Train("a", "--epochs", "1", "--restart");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"holds an earlier run's checkpoints (newest: {Step(StepsPerEpoch)}): resume it (--resume) or start over (--restart", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, restarted.ExitCode);
    }

    [Fact]
    public void Run_EarlierRunInTheWay_RefusesBeforeWritingAnything()
    {
        string run = Run("a");
        Assert.Equal(0, Train("a", "--epochs", "1").ExitCode);
        string split = File.ReadAllText(Path.Combine(new StageFolders(run).Split, "train.csv"));

        // Another split seed would rewrite 03-split under the earlier run's checkpoints.
        ToxicProcess.Result again = ToxicProcess.Run(temp.Path, "run", "--out", run, "--model", Encoder, "--seed", "7", "--epochs", "1");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("holds an earlier run's checkpoints", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(split, File.ReadAllText(Path.Combine(new StageFolders(run).Split, "train.csv")));
    }

    [Fact]
    public void Train_DamagedNewestCheckpoint_ResumeNamesItAndThePrevious_ResumeFromThatWorks()
    {
        Assert.Equal(0, Train("a", "--epochs", "2", "--checkpoint-every", "3").ExitCode);
        string checkpoints = new StageFolders(Run("a")).Checkpoints;
        string[] kept = Directory.GetDirectories(checkpoints).Order().Reverse().ToArray();
        string optimizer = Path.Combine(kept[0], "optimizer.bin");
        File.WriteAllBytes(optimizer, File.ReadAllBytes(optimizer)[..100]);

        ToxicProcess.Result refused = Train("a", "--epochs", "2", "--checkpoint-every", "3", "--resume");
        ToxicProcess.Result resumed = Train("a", "--epochs", "2", "--checkpoint-every", "3", "--resume-from", kept[1]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{optimizer}: damaged", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains($"The previous checkpoint, {kept[1]}, can be resumed from instead.", refused.Stderr, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
    }

    [Fact]
    public void Train_MeanPooledHeadFromALinearProbe_SaysWhatTheProbeChose()
    {
        ToxicProcess.Result result = Train("a", "--epochs", "1", "--head", "mean-pooled", "--head-init", "linear-probe", "--soup", "1");

        // The split's 7 validation comments have no label with both classes, so there is nothing to choose on.

        Assert.True(result.ExitCode == 0, result.Stderr);
        string expected = $@"05 train  head from a linear probe, L2 {LinearProbe.DefaultL2} \(default\), \d+ s";
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.Stdout, expected), result.Stdout);
        (nn.Module<Tensor, Tensor, Tensor, Tensor> model, _) = PretrainedModels.LoadSequenceClassifier(new StageFolders(Run("a")).Model);
        using (model)
        {
            Assert.IsType<ToxicComments.Modeling.Heads.MeanPooledClassifier>(model);
        }
    }

    [Fact]
    public void Train_LinearProbeWithoutTheMeanPooledHead_IsAUsageError()
    {
        ToxicProcess.Result result = Train("a", "--head", "huggingface", "--head-init", "linear-probe");

        AssertUsageErrorBeforeTraining(result, "--head-init linear-probe needs --head mean-pooled, not HuggingFace.");
    }

    [Fact]
    public void Train_AnotherHeadAlone_StartsFromRandomWeights()
    {
        // The recommended recipe's linear probe starts the mean-pooled head only; another head needs no second flag.
        ToxicProcess.Result result = Train("a", "--epochs", "1", "--soup", "1", "--head", "huggingface");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("linear probe", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], true)]                              // the recommended recipe keeps them
    [InlineData(new[] { "--train-embeddings" }, false)]
    [InlineData(new[] { "--recipe", "tutorial", "--max-length", "48" }, false)]
    [InlineData(new[] { "--recipe", "tutorial", "--max-length", "48", "--freeze-embeddings" }, true)]
    public void Train_Embeddings_KeptAsPretrainedOrTrained_AsTheRecipeAndFlagsSay(string[] options, bool frozen)
    {
        ToxicProcess.Result result = Train("a", ["--epochs", "1", "--soup", "1", .. options]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using StateDict trained = SafeTensors.Read(Path.Combine(new StageFolders(Run("a")).Model, "model.safetensors"));
        using StateDict pretrained = SafeTensors.Read(Path.Combine(Encoder, "model.safetensors"));
        bool Unchanged(string key) =>
            trained.Single(t => t.Key.EndsWith(key, StringComparison.Ordinal)).Value
                .allclose(pretrained.Single(t => t.Key.EndsWith(key, StringComparison.Ordinal)).Value, rtol: 0, atol: 0);
        Assert.All(new[] { "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.LayerNorm.weight" },
            key => Assert.Equal(frozen, Unchanged(key)));
        Assert.False(Unchanged("encoder.layer.0.attention.self.query.weight"), "the encoder did not train");
    }

    [Fact]
    public void Train_AttentionDropoutOfOne_IsAUsageError()
    {
        ToxicProcess.Result result = Train("a", "--attention-dropout", "1");

        AssertUsageErrorBeforeTraining(result, "--attention-dropout must be at least 0 and below 1, not 1.");
    }

    [Fact]
    public void Train_UnknownHead_ListsTheHeads()
    {
        ToxicProcess.Result result = Train("a", "--head", "pooled");

        AssertUsageErrorBeforeTraining(result, "--head must be tutorial, huggingface or mean-pooled, not 'pooled'.");
    }

    [Fact]
    public void Train_MissingModelFolder_OneClearLine()
    {
        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "train", "--out", Run("a"), "--model", temp.File("nowhere"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"toxic: {temp.File("nowhere")}: no such model folder.", result.Stderr.Trim());
        Assert.False(Directory.Exists(new StageFolders(Run("a")).Train));
    }

    private string Run(string name) => temp.File(name);

    // A usage error: exit code 2, the message on stderr, and nothing of run "a"'s training stage written.
    private void AssertUsageErrorBeforeTraining(ToxicProcess.Result result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(new StageFolders(Run("a")).Train));
    }

    private ToxicProcess.Result Train(string run, params string[] options) =>
        ToxicProcess.Run(temp.Path, ["train", "--out", Run(run), "--model", Encoder, "--batch-size", "8", .. options]);
}
