using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Cli;

public sealed class CliTests
{
    private const string Header = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n";

    [Fact]
    public void Run_NoArguments_SummarisesTheEmbeddedSetAndSavesTheSplit()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("4,000 comments from embedded:synthetic/train.csv", result.Stdout);
        Assert.Contains("02 filter", result.Stdout);
        DatasetSplit saved = SplitStore.Load(new ToxicComments.Pipeline.StageFolders(Path.Combine(temp.Path, "artifacts", "run")).Split);
        Assert.NotNull(saved.Validation);
        Assert.Equal(EmbeddedDatasetLabelled(), saved.Train.Count + saved.Validation.Count + saved.Test.Count);
    }

    [Theory]
    [InlineData("a,\"x\",0,0,0,2,0,0\n", ":2: column 'threat': expected 0 or 1, found '2'")]
    [InlineData("a,\"never closed,0,0,0,0,0,0\n", ":2: column 'comment_text': unterminated quoted field")]
    [InlineData("a,\"x\",0,0,0,0,0\n", ":2: expected 8 fields, found 7")]
    public void Run_BadTrainCsv_OneLineErrorWithTheLineAndExitCodeOne(string row, string expected)
    {
        using var temp = new TempFolder();
        string train = temp.Write("train.csv", Header + row);

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--data", train);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"toxic: {train}{expected}", result.Stderr.TrimEnd().Split('\n').Single()[..$"toxic: {train}{expected}".Length]);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "artifacts")), "nothing may be written for bad input");
    }

    [Fact]
    public void Run_MissingColumnOrEmptyFile_NamesTheFile()
    {
        using var temp = new TempFolder();
        string noThreat = temp.Write("no-threat.csv", "id,comment_text,toxic,severe_toxic,obscene,insult,identity_hate\n");
        string empty = temp.Write("empty.csv", "");

        ToxicProcess.Result missing = ToxicProcess.Run(temp.Path, "run", "--data", noThreat);
        ToxicProcess.Result nothing = ToxicProcess.Run(temp.Path, "run", "--data", empty);

        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"toxic: {noThreat}:1: column 'threat': missing", missing.Stderr);
        Assert.Equal(1, nothing.ExitCode);
        Assert.StartsWith($"toxic: {empty}: the file is empty", nothing.Stderr);
    }

    [Fact]
    public void Run_WrongPath_ExitsNonZeroNamingThePath()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--data", "/no/such/folder");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("toxic: /no/such/folder: no such file or folder.", result.Stderr.Trim());
    }

    [Fact]
    public void Run_UnknownOption_IsAUsageError()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "run", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void DataSynth_WritesFilesTheReaderAccepts()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.Run(temp.Path, "data", "synth", "--rows", "40", "--seed", "3", "--out", "synth");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(40, JigsawReader.ReadTrain(Path.Combine(temp.Path, "synth", "train.csv")).Count);
        Assert.Equal(10, JigsawDataset.LoadTest(Path.Combine(temp.Path, "synth")).Count);
    }

    private static int EmbeddedDatasetLabelled() => ToxicComments.Data.EmbeddedDataset.Train().LabelledCount;
}
