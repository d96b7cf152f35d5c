using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Data.Loading;

public sealed class JigsawWriterTests
{
    private static readonly Comment[] Awkward =
    [
        new("q1", "He said \"no\",\nthen left.\r\nOK?", ToxicLabels.Toxic | ToxicLabels.Threat),
        new("q2", "", ToxicLabels.None),
        new("q3", "emoji 🙂 and accents café, commas, \"\"double\"\"", ToxicLabels.Obscene),
    ];

    [Fact]
    public void WriteTrain_ThenRead_GivesTheSameComments()
    {
        using var temp = new TempFolder();
        string path = temp.File("train.csv");

        JigsawWriter.WriteTrain(new CommentSet(Awkward, "memory"), path);

        Assert.Equal(Awkward, JigsawReader.ReadTrain(path));
    }

    [Fact]
    public void WriteTest_ThenRead_KeepsUnscoredRows()
    {
        using var temp = new TempFolder();
        Comment[] rows = [.. Awkward, new Comment("q4", "not scored", ToxicLabels.None, IsScored: false)];

        JigsawWriter.WriteTest(new CommentSet(rows, "memory"), temp.File("test.csv"), temp.File("test_labels.csv"));

        Assert.Equal(rows, JigsawReader.ReadTest(temp.File("test.csv"), temp.File("test_labels.csv")));
    }

    [Fact]
    public void WriteTrain_FailsHalfway_LeavesThePreviousFileWholeAndNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("train.csv");
        JigsawWriter.WriteTrain(new CommentSet(Awkward, "memory"), path);
        byte[] before = File.ReadAllBytes(path);
        Comment[] unscored = [new("u", "x", ToxicLabels.None, IsScored: false)];

        Assert.Throws<ArgumentException>(() => JigsawWriter.WriteTrain(new CommentSet(unscored, "memory"), path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }
}
