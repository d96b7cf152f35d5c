using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Pipeline;

/// <summary>
/// Stages 01 to 03, the same for the notebooks and <c>toxic run</c>: load and check the comments, filter them, split
/// them, and save what the later stages read. Data is named as <see cref="JigsawDataset"/> takes it (null: the
/// embedded real sample).
/// </summary>
public static class DataStages
{
    /// <summary>
    /// Stages 01 and 02 in one pass: every row of train.csv is read and checked, only the rows
    /// <paramref name="filter"/> keeps are decoded (<see cref="CommentSet.SourceRows"/> counts them all).
    /// </summary>
    public static CommentSet Load(string? data, CommentFilterMode filter) => JigsawDataset.LoadTrain(data, filter);

    /// <summary>
    /// Stage 03. Where <paramref name="data"/> has Kaggle's test files, the test split is their scored rows (Kaggle
    /// scored nothing else, and every one of them, clean or not, whatever the filter), and
    /// <see cref="SplitOptions.ValidationFraction"/> of <paramref name="kept"/> is held out for validation. Otherwise
    /// <paramref name="kept"/> is split into all three as <see cref="DatasetSplitter"/> does.
    /// </summary>
    public static DatasetSplit Split(CommentSet kept, string? data, SplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(options);
        if (!JigsawDataset.HasTest(data))
        {
            return DatasetSplitter.Split(kept, options);
        }
        CommentSet test = JigsawDataset.LoadTest(data);
        CommentSet scored = test.Where(c => c.IsScored, $"{test.Source} (scored rows)");
        if (options.ValidationFraction == 0)
        {
            return new DatasetSplit(kept, null, scored);
        }
        // The splitter's held-out part is the validation split here: Kaggle's rows are the test.
        DatasetSplit inner = DatasetSplitter.Split(kept, options with { TestFraction = options.ValidationFraction, ValidationFraction = 0 });
        return new DatasetSplit(
            inner.Train,
            inner.Test.Select(Enumerable.Range(0, inner.Test.Count), $"{kept.Source} [validation]"),
            scored);
    }

    /// <summary>Saves stage 02's and stage 03's outputs under <paramref name="stages"/>, each file replaced whole.</summary>
    public static void Save(CommentSet kept, DatasetSplit split, StageFolders stages)
    {
        SaveFiltered(kept, stages);
        SaveSplit(split, stages);
    }

    /// <summary>Saves stage 02's output: the kept comments, as <c>02-filter/train.csv</c>.</summary>
    public static void SaveFiltered(CommentSet kept, StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        JigsawWriter.WriteTrain(kept, stages.FilteredTrain);
    }

    /// <summary>Saves stage 03's output: <c>03-split/train.csv</c>, <c>validation.csv</c> and <c>test.csv</c>.</summary>
    public static void SaveSplit(DatasetSplit split, StageFolders stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        SplitStore.Save(split, stages.Split);
    }
}
