using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Data.Loading;

public sealed class JigsawDatasetTests
{
    [Fact]
    public void LoadTrain_NoLocation_IsTheEmbeddedRealSample()
    {
        CommentSet train = JigsawDataset.LoadTrain(null);

        // data/jigsaw-sample/SOURCE.md: the first 2,886 rows of Kaggle's train.csv, first id 0000997932d777bf.
        Assert.Equal(2886, train.Count);
        Assert.Equal("0000997932d777bf", train[0].Id);
        Assert.Equal("embedded:jigsaw-sample/train.csv", train.Source);
        Assert.Equal([294, 35, 159, 12, 158, 31], train.LabelCounts());
    }

    [Fact]
    public void LoadTest_NoLocation_IsTheSamplesTestRows_1027Scored()
    {
        CommentSet test = JigsawDataset.LoadTest(null);

        Assert.Equal(2514, test.Count);
        Assert.Equal(1027, test.ScoredCount);
        Assert.Equal([92, 6, 58, 3, 60, 18], test.LabelCounts());
    }

    [Fact]
    public void LoadTrain_Synthetic_IsTheGeneratedSet()
    {
        CommentSet train = JigsawDataset.LoadTrain("synthetic", CommentFilterMode.LabelledOnly);

        Assert.Equal(EmbeddedDataset.SyntheticTrainRows, train.SourceRows);
        Assert.Equal(EmbeddedDataset.Synthetic.Train().LabelledCount, train.Count);
        Assert.StartsWith("embedded:synthetic/", train.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void HasTest_EmbeddedSetsAndFoldersWithBothFiles_NotALoneTrainFile()
    {
        using var temp = new TempFolder();
        string train = temp.Write("train.csv", "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
        temp.Write("test.csv", "id,comment_text\n");

        bool withoutLabels = JigsawDataset.HasTest(temp.Path);
        temp.Write("test_labels.csv", "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");

        Assert.True(JigsawDataset.HasTest(null));
        Assert.True(JigsawDataset.HasTest("synthetic"));
        Assert.False(withoutLabels);
        Assert.True(JigsawDataset.HasTest(temp.Path));
        Assert.False(JigsawDataset.HasTest(train));
    }

    [Fact]
    public void LoadTrain_NeitherPathNorEmbeddedName_SaysWhatItTakes()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => JigsawDataset.LoadTrain("/no/such/folder"));

        Assert.Equal("/no/such/folder: no such file or folder (nor an embedded data set: jigsaw-sample or synthetic).", error.Message);
    }
}
