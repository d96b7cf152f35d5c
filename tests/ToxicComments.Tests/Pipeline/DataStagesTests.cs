using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Pipeline;

public sealed class DataStagesTests
{
    [Fact]
    public void Split_DataWithKaggleTestFiles_TestsOnTheScoredRows_ValidatesOnAShareOfTrain()
    {
        CommentSet kept = DataStages.Load(null, CommentFilterMode.All);

        DatasetSplit split = DataStages.Split(kept, null, Recipe.Recommended.Split);

        Assert.Equal(1027, split.Test.Count);
        Assert.All(split.Test, c => Assert.True(c.IsScored));
        Assert.InRange(split.Validation!.Count, (int)(0.1 * kept.Count) - 2, (int)(0.1 * kept.Count) + 2);
        Assert.Equal(kept.Select(c => c.Id).Order(), split.Train.Concat(split.Validation).Select(c => c.Id).Order());
        Assert.EndsWith("[validation]", split.Validation.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_LabelledOnlyFilter_StillTestsOnEveryScoredRow()
    {
        // Kaggle scored clean comments too; the filter chooses what a model learns from, not what it is judged on.
        CommentSet kept = DataStages.Load(null, CommentFilterMode.LabelledOnly);

        DatasetSplit split = DataStages.Split(kept, null, Recipe.Tutorial.Split);

        Assert.Equal(1027, split.Test.Count);
        Assert.Contains(split.Test, c => !c.IsLabelled);
        Assert.All(split.Train.Concat(split.Validation!), c => Assert.True(c.IsLabelled));
    }

    [Fact]
    public void Split_NoValidationShare_TrainsOnAllKeptRows()
    {
        CommentSet kept = DataStages.Load("synthetic", CommentFilterMode.LabelledOnly);

        DatasetSplit split = DataStages.Split(kept, "synthetic", new SplitOptions { ValidationFraction = 0 });

        Assert.Null(split.Validation);
        Assert.Equal(kept.Count, split.Train.Count);
    }

    [Fact]
    public void Split_ATrainFileAlone_SplitsItIntoAllThree()
    {
        using var temp = new TempFolder();
        string file = temp.File("train.csv");
        ToxicComments.Data.Loading.JigsawWriter.WriteTrain(EmbeddedDataset.Synthetic.Train(), file);
        CommentSet kept = DataStages.Load(file, CommentFilterMode.All);

        DatasetSplit split = DataStages.Split(kept, file, Recipe.Tutorial.Split);

        DatasetSplit expected = DatasetSplitter.Split(kept, Recipe.Tutorial.Split);
        Assert.Equal(expected.Parts().Select(p => p.Rows.Select(c => c.Id)), split.Parts().Select(p => p.Rows.Select(c => c.Id)));
    }

    [Fact]
    public void Save_WritesTheFilteredFileAndTheSplitTheLaterStagesRead()
    {
        using var temp = new TempFolder();
        var stages = new StageFolders(temp.Path);
        CommentSet kept = DataStages.Load(null, CommentFilterMode.LabelledOnly);
        DatasetSplit split = DataStages.Split(kept, null, Recipe.Tutorial.Split);

        DataStages.Save(kept, split, stages);

        Assert.Equal(kept.Select(c => c.Id), stages.LoadFiltered().Select(c => c.Id));
        DatasetSplit saved = stages.LoadSplit();
        Assert.Equal(split.Test.Select(c => c.Id), saved.Test.Select(c => c.Id));
        Assert.Equal(split.Validation!.Select(c => c.Id), saved.Validation!.Select(c => c.Id));
    }
}
