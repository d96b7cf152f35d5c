using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.Pipeline;

namespace ToxicComments.Quality;

/// <summary>
/// Kaggle's protocol on the real sample: learn from train.csv, score the test rows Kaggle scored. Every choice
/// (hyperparameters, regularisation, epochs) is made on a validation split carved from train.csv; the test rows are
/// only ever scored.
/// </summary>
/// <param name="Fit">The part of train.csv models learn from.</param>
/// <param name="Validation">The part of train.csv choices are made on.</param>
/// <param name="Test">test.csv's scored rows, with test_labels.csv's labels.</param>
internal sealed record BenchData(CommentSet Fit, CommentSet Validation, CommentSet Test)
{
    /// <summary>All of train.csv: what a baseline is refitted on once its regularisation is chosen.</summary>
    public CommentSet AllTrain => new([.. Fit, .. Validation], $"{Fit.Source} + {Validation.Source}");

    /// <summary>
    /// Reads the folder's three files and splits train.csv with iterative stratification, so that the validation
    /// split gets its share of the rare labels (threat has 12 positives in the sample).
    /// </summary>
    public static BenchData Load(string folder, double validationFraction, uint seed)
    {
        // Stages 01 to 03 as toxic run does them: Kaggle's scored test rows are the test split, and the validation
        // split is carved from train.csv.
        DatasetSplit split = DataStages.Split(DataStages.Load(folder, CommentFilterMode.All), folder, new SplitOptions
        {
            ValidationFraction = validationFraction,
            Seed = seed,
            Strategy = SplitStrategy.IterativeStratified,
        });
        return new BenchData(
            split.Train.Select(Enumerable.Range(0, split.Train.Count), $"{split.Train.Source} [fit]"),
            split.Validation!,
            split.Test);
    }

    /// <summary>
    /// Lays out a run folder the way <c>toxic run</c> would have after stage 03, so <c>toxic train</c> trains on it:
    /// <c>02-filter/train.csv</c>, <c>03-split/{train,validation,test}.csv</c> (the test split being Kaggle's scored
    /// test rows), plus the validation split in Kaggle's test layout for <c>toxic evaluate</c>. With
    /// <paramref name="refit"/>, the training split is all of train.csv and there is no validation split: the run
    /// that is scored on the test rows, once every choice has been made.
    /// </summary>
    public RunFolder WriteRunFolder(string root, CommentFilterMode filter, bool refit)
    {
        CommentSet fit = CommentFilter.Apply(Fit, filter);
        CommentSet validation = CommentFilter.Apply(Validation, filter);
        var folder = new RunFolder(root);
        var stages = new StageFolders(root);
        var all = new CommentSet([.. fit, .. validation], $"{Fit.Source} ({filter})");
        DataStages.SaveFiltered(all, stages);
        DataStages.SaveSplit(refit ? new DatasetSplit(all, null, Test) : new DatasetSplit(fit, validation, Test), stages);
        if (!refit)
        {
            // Scored on all validation rows whatever the filter, so both variants are compared on the same comments.
            JigsawWriter.WriteTest(Validation, folder.ValidationComments, folder.ValidationLabels);
        }
        return folder;
    }
}

/// <summary>The files of one fine-tuning run.</summary>
internal sealed record RunFolder(string Root)
{
    public string ValidationComments => Path.Combine(Root, "validation-as-test", "test.csv");

    public string ValidationLabels => Path.Combine(Root, "validation-as-test", "test_labels.csv");

    public string TestEvaluation => Path.Combine(Root, "07-evaluate");

    public string ValidationEvaluation => Path.Combine(Root, "07-evaluate-validation");

    public string TrainLog => Path.Combine(Root, "train.log");
}
