using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;

namespace ToxicComments.Pipeline;

/// <summary>
/// Where each stage keeps its output under one artifacts folder. The notebooks and <c>toxic run</c> share this
/// layout, so any notebook can start from what the previous stage saved, whichever of them saved it.
/// </summary>
/// <param name="Root">The artifacts folder, e.g. <c>artifacts/</c> at the repository root.</param>
public sealed record StageFolders(string Root)
{
    /// <summary>Stage 02's output: the comments kept by the filter, as a train.csv.</summary>
    public string FilteredTrain => Path.Combine(Root, "02-filter", "train.csv");

    /// <summary>Stage 03's output: train.csv, validation.csv (optional) and test.csv.</summary>
    public string Split => Path.Combine(Root, "03-split");

    /// <summary>
    /// What stage 02 saved or, when it has not run, the embedded synthetic set with the tutorial's filter
    /// (the set's <see cref="CommentSet.Source"/> says which).
    /// </summary>
    public CommentSet LoadFiltered() =>
        File.Exists(FilteredTrain)
            ? JigsawReader.ReadTrain(FilteredTrain)
            : CommentFilter.Apply(EmbeddedDataset.Train());
}
