using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ToxicComments.Data;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;
using ToxicComments.Tests.Training;

namespace ToxicComments.Tests.Cli;

/// <summary>
/// <c>toxic</c> under what users and machines do to it: a second run into the same folder, Ctrl+C and SIGTERM, data
/// from a pipe, a full or read-only disk. Real processes, real signals, real file systems (tmpfs, mounted as root).
/// </summary>
public sealed class ReliabilityCliTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly TempFolder temp = new();

    public ReliabilityCliTests()
    {
        TinyClassifier.Save(Encoder, seed: 1);
        DatasetSplit split = DatasetSplitter.Split(TinyTraining.Comments(40), new SplitOptions { TestFraction = 0.2, ValidationFraction = 0.2 });
        SplitStore.Save(split, new StageFolders(Run("a")).Split);
        SplitStore.Save(split, new StageFolders(Run("b")).Split);
    }

    private string Encoder => temp.File("tiny-bert");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Run_SecondIntoTheSameFolder_IsRefusedNamingTheHolder_AndTheFirstFinishesUnchanged()
    {
        string run = temp.File("shared");
        using ToxicProcess.Running first = ToxicProcess.StartInBackground(temp.Path,
            "run", "--out", run, "--data", "synthetic", "--recipe", "tutorial", "--model", Encoder, "--max-length", "32", "--epochs", "10", "--threads", "1");
        var stages = new StageFolders(run);
        Assert.True(ToxicProcess.WaitUntil(() => Directory.Exists(stages.Checkpoints), first), "the first run never reached training");
        string split = File.ReadAllText(Path.Combine(stages.Split, "train.csv"));

        // Another split seed: were it let in, it would rewrite 03-split under the first run's training.
        ToxicProcess.Result second = ToxicProcess.Run(temp.Path,
            "run", "--out", run, "--data", "synthetic", "--recipe", "tutorial", "--model", Encoder, "--seed", "7", "--epochs", "1");
        ToxicProcess.Result firstResult = first.Wait();

        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"toxic: {run}: another toxic process (pid {first.Id}) is running in this folder; wait for it to end, or choose another --out.", second.Stderr.Trim());
        Assert.True(firstResult.ExitCode == 0, firstResult.Stderr);
        Assert.Equal(split, File.ReadAllText(Path.Combine(stages.Split, "train.csv")));
    }

    [Fact]
    public void Train_AfterAKilledRun_TakesTheFolder()
    {
        // The kernel releases a killed process's lock: nothing to clean up by hand.
        bool killed = ToxicProcess.RunAndKill(temp.Path, () => Directory.Exists(new StageFolders(Run("a")).Checkpoints),
            ["train", "--out", Run("a"), "--model", Encoder, "--batch-size", "8", "--epochs", "30", "--checkpoint-every", "1", "--threads", "1"]);
        Assert.True(killed, "the run ended before it could be killed");

        ToxicProcess.Result resumed = Train("a", "--epochs", "30", "--checkpoint-every", "1", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
    }

    [Theory]
    [InlineData(SigInt, 130)]
    [InlineData(SigTerm, 143)]
    public void Train_Signalled_CheckpointsSaysHowToResumeAndExits_ResumeEndsWithTheUninterruptedWeights(int signal, int exitCode)
    {
        string[] options = ["--epochs", "40", "--checkpoint-every", "50", "--threads", "1", "--soup", "1"];
        Assert.True(Train("a", options).ExitCode == 0);
        var stopped = new StageFolders(Run("b"));
        using ToxicProcess.Running running = ToxicProcess.StartInBackground(temp.Path,
            ["train", "--out", Run("b"), "--model", Encoder, "--batch-size", "8", .. options]);
        // Past the first epoch's checkpoint, and well before the next periodic one.
        Assert.True(ToxicProcess.WaitUntil(() => File.Exists(stopped.EpochLosses) && File.ReadAllLines(stopped.EpochLosses).Length > 2, running),
            "the run never finished two epochs");

        running.Signal(signal);
        ToxicProcess.Result result = running.Wait();

        Assert.Equal(exitCode, result.ExitCode);
        var stop = System.Text.RegularExpressions.Regex.Match(result.Stdout.Replace("\n", ""), @"stopped at step (\d+); checkpoint .*(step-\d{6}): continue with --resume");
        Assert.True(stop.Success, result.Stdout);
        // The checkpoint is the one written where the signal stopped training, past the two epochs waited for.
        string newest = Path.GetFileName(Directory.GetDirectories(stopped.Checkpoints).Order().Last());
        Assert.Equal($"step-{int.Parse(stop.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture):D6}", newest);
        Assert.Equal(newest, stop.Groups[2].Value);
        Assert.True(File.ReadAllLines(stopped.EpochLosses).Length - 1 < 40, "the run finished before the signal stopped it");
        ToxicProcess.Result resumed = Train("b", [.. options, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        SavedModels.AssertSameWeights(new StageFolders(Run("a")).Model, stopped.Model);
    }

    [Fact]
    public void Run_SigInt_StopsWithACheckpointBeforeEvaluating_AndRunResumeEndsWithTheUninterruptedModel()
    {
        string[] options = ["--data", "synthetic", "--recipe", "tutorial", "--model", Encoder, "--max-length", "32", "--epochs", "6", "--threads", "1"];
        ToxicProcess.Result whole = ToxicProcess.Run(temp.Path, ["run", "--out", Run("whole"), .. options]);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var stopped = new StageFolders(Run("stopped"));
        using ToxicProcess.Running running = ToxicProcess.StartInBackground(temp.Path, ["run", "--out", Run("stopped"), .. options]);
        Assert.True(ToxicProcess.WaitUntil(() => File.Exists(stopped.EpochLosses) && File.ReadAllLines(stopped.EpochLosses).Length > 2, running),
            "the run never finished two epochs");

        running.Signal(SigInt);
        ToxicProcess.Result result = running.Wait();
        bool evaluated = File.Exists(stopped.Metrics);
        ToxicProcess.Result resumed = ToxicProcess.Run(temp.Path, ["run", "--out", Run("stopped"), .. options, "--resume"]);

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("continue with --resume", result.Stdout.Replace("\n", ""));
        Assert.False(evaluated, "a stopped run went on to stage 07");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        SavedModels.AssertSameWeights(new StageFolders(Run("whole")).Model, stopped.Model);
        Assert.Equal(File.ReadAllText(new StageFolders(Run("whole")).StepLosses), File.ReadAllText(stopped.StepLosses));
    }

    [Fact]
    public void Run_DataFromANamedPipe_CompletesAndRecordsTheHashOfTheBytesRead()
    {
        string fifo = temp.File("train.fifo");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        byte[] content = EmbeddedDataset.Synthetic.Read("train.csv");
        string run = temp.File("piped");
        using ToxicProcess.Running running = ToxicProcess.StartInBackground(temp.Path,
            "run", "--out", run, "--data", fifo, "--recipe", "tutorial", "--model", Encoder, "--max-length", "32", "--epochs", "1");

        File.WriteAllBytes(fifo, content); // blocks until toxic opens the pipe, and is read once
        ToxicProcess.Result result = running.Wait();

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(new StageFolders(run).Metrics));
        JsonElement file = metrics.RootElement.GetProperty("data").GetProperty("file");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.GetProperty("sha256").GetString());
        Assert.Equal(content.Length, file.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void Run_DiskFullUnderOut_OneLineNamingTheProblem_ExitOne()
    {
        using var disk = new TmpfsMount(temp.File("small-disk"), "size=1m");
        string run = Path.Combine(disk.Path, "run");

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path,
            "run", "--out", run, "--data", "synthetic", "--recipe", "tutorial", "--model", Encoder, "--max-length", "32", "--epochs", "1");

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("toxic: ", line);
        Assert.Contains("No space left on device", line);
    }

    [Fact]
    public void Run_ReadOnlyOut_OneLineNamingTheFolder_ExitOne()
    {
        using var disk = new TmpfsMount(temp.File("read-only"), "ro,size=1m");
        string run = Path.Combine(disk.Path, "run");

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--out", run, "--data", "synthetic", "--model", Encoder);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("toxic: ", line);
        Assert.Contains(run, line);
    }

    [Fact]
    public void Train_ResumeWithChangedOptions_RefusedUnlessForced_AndUnfinishedCheckpointWritesAreCleared()
    {
        Assert.Equal(0, Train("a", "--epochs", "2", "--checkpoint-every", "3").ExitCode);
        string checkpoints = new StageFolders(Run("a")).Checkpoints;
        string unfinished = Directory.CreateDirectory(Path.Combine(checkpoints, ".step-000099.0123abcd.tmp")).FullName;
        File.WriteAllText(Path.Combine(unfinished, "model.safetensors"), "half a model");

        ToxicProcess.Result changed = Train("a", "--epochs", "2", "--checkpoint-every", "3", "--resume", "--learning-rate", "2e-4");
        ToxicProcess.Result forced = Train("a", "--epochs", "2", "--checkpoint-every", "3", "--resume", "--learning-rate", "2e-4", "--force");

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("this resume changes --learning-rate 0.0002 (the checkpoint's: 0.0001); resume with the checkpoint's options, or add --force", changed.Stderr);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.False(Directory.Exists(unfinished), "the unfinished checkpoint write was left behind");
    }

    [Fact]
    public void Embed_MaxLengthPastTheModelsPositions_IsCappedThere()
    {
        string text = string.Join(' ', Enumerable.Repeat("word", 900));

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, JsonSerializer.Serialize(new { text }) + "\n",
            "embed", "--model", Encoder, "--max-length", "1000");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument line = JsonDocument.Parse(result.Stdout);
        Assert.Equal(32, line.RootElement.GetProperty("embedding").GetArrayLength());
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("tokenize")]
    public void JsonLines_InvalidUtf8_NamesTheLine(string command)
    {
        string file = temp.File("bad.jsonl");
        File.WriteAllBytes(file, [.. "{\"text\": \"fine\"}\n{\"text\": \"bad "u8, 0xC3, 0x28, .. "\"}\n"u8]);

        // The bytes go in through a shell redirect: a test's own stdin writer would encode them as UTF-8 first.
        var start = new ProcessStartInfo("bash") { WorkingDirectory = temp.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-c", $"exec dotnet \"$0\" {command} --model \"$1\" < \"$2\"", Path.Combine(AppContext.BaseDirectory, "toxic.dll"), Encoder, file })
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("toxic: stdin:2: not UTF-8; JSON lines are UTF-8 text.", stderr.Trim());
    }

    private string Run(string name) => temp.File(name);

    private ToxicProcess.Result Train(string run, params string[] options) =>
        ToxicProcess.Run(temp.Path, ["train", "--out", Run(run), "--model", Encoder, "--batch-size", "8", .. options]);
}
