using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Pipeline;

/// <summary>
/// Where each stage keeps its output under one artifacts folder. The notebooks and <c>toxic run</c> share this
/// layout, so any notebook can start from what the previous stage saved, whichever of them saved it.
/// </summary>
/// <param name="Root">The run folder, e.g. <see cref="DefaultFolder"/> at the repository root.</param>
public sealed record StageFolders(string Root)
{
    /// <summary>
    /// The run folder both front ends use when none is named, relative to the repository root: <c>toxic run</c>
    /// writes it from there, and the notebooks read and write <c>../artifacts/run</c> from <c>notebooks/</c>, so a
    /// notebook opened after <c>./toxic run</c> shows that run.
    /// </summary>
    public const string DefaultFolder = "artifacts/run";

    /// <summary>Stage 02's output: the comments kept by the filter, as a train.csv.</summary>
    public string FilteredTrain => Path.Combine(Root, "02-filter", "train.csv");

    /// <summary>Stage 03's output: train.csv, validation.csv (optional) and test.csv.</summary>
    public string Split => Path.Combine(Root, "03-split");

    /// <summary>Stage 05's folder: the loss CSVs, the checkpoints and the best model.</summary>
    public string Train => Path.Combine(Root, "05-train");

    /// <summary>Stage 05's model (the best epoch's, or the soup's), a Hugging Face model folder (<c>config.json</c>, <c>model.safetensors</c>, tokenizer files).</summary>
    public string Model => Path.Combine(Train, "model");

    /// <summary>
    /// Stage 05's starting weights (the pretrained encoder and the head as it started), a model folder like
    /// <see cref="Model"/>; saved when a soup's members start from them.
    /// </summary>
    public string StartModel => Path.Combine(Train, "start");

    /// <summary>
    /// Stage 05's soup (<see cref="FineTuneSettings.SoupSize"/>), one folder per member: <c>member-1/model/</c> holds
    /// the first member's best epoch (it trains with the stage's own checkpoints and loss files); from
    /// <c>member-2/</c> on, each folder also holds the member's <c>checkpoints/</c>, <c>steps.csv</c> and
    /// <c>epochs.csv</c>. The soup itself is <see cref="Model"/>.
    /// </summary>
    public string Soup => Path.Combine(Train, "soup");

    /// <summary>Stage 05's soup scores: <c>member,seed,validation_roc_auc</c>, then each label's ROC AUC; the last row is the soup's.</summary>
    public string SoupScores => Path.Combine(Train, "soup.csv");

    /// <summary>Where the soup's member <paramref name="member"/> (from 1) keeps its checkpoints, losses and best epoch.</summary>
    public SoupMemberFolders SoupMember(int member)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(member, 1);
        string own = Path.Combine(Soup, $"member-{member}");
        return member == 1
            ? new SoupMemberFolders(Checkpoints, StepLosses, EpochLosses, Path.Combine(own, "model"))
            : new SoupMemberFolders(Path.Combine(own, "checkpoints"), Path.Combine(own, "steps.csv"), Path.Combine(own, "epochs.csv"), Path.Combine(own, "model"));
    }

    /// <summary>Stage 05's checkpoints, one folder each (<c>step-000200/</c>), for <c>--resume</c>.</summary>
    public string Checkpoints => Path.Combine(Train, "checkpoints");

    /// <summary>Stage 05's loss per optimizer step: <c>step,epoch,loss,learning_rate,tokens</c>.</summary>
    public string StepLosses => Path.Combine(Train, "steps.csv");

    /// <summary>Stage 05's loss per epoch, train and validation: what stage 06 plots.</summary>
    public string EpochLosses => Path.Combine(Train, "epochs.csv");

    /// <summary>Stage 07's folder: predictions on the test split, <c>metrics.json</c>.</summary>
    public string Evaluate => Path.Combine(Root, "07-evaluate");

    /// <summary>Stage 07's metrics: per label and averaged, thresholds, data and model identity, timings.</summary>
    public string Metrics => Path.Combine(Evaluate, "metrics.json");

    /// <summary>The whole run on one self-contained page: loss curves, ROC and PR curves, the report table.</summary>
    public string Report => Path.Combine(Root, "report.html");

    /// <summary>
    /// What stage 02 saved or, when it has not run, the embedded real sample filtered as <paramref name="recipe"/>
    /// (default: <see cref="Recipe.Default"/>) says; the set's <see cref="CommentSet.Source"/> says which.
    /// </summary>
    public CommentSet LoadFiltered(Recipe? recipe = null) =>
        File.Exists(FilteredTrain)
            ? JigsawReader.ReadTrain(FilteredTrain)
            : DataStages.Load(null, (recipe ?? Recipe.Default).Filter);

    /// <summary>
    /// What stage 03 saved or, when it has not run, what stage 02 saved split as <paramref name="recipe"/> (default:
    /// <see cref="Recipe.Default"/>) says; when neither has run, the embedded real sample with Kaggle's scored test rows.
    /// </summary>
    public DatasetSplit LoadSplit(Recipe? recipe = null)
    {
        if (Directory.Exists(Split))
        {
            return SplitStore.Load(Split);
        }
        recipe ??= Recipe.Default;
        return File.Exists(FilteredTrain)
            ? DatasetSplitter.Split(JigsawReader.ReadTrain(FilteredTrain), recipe.Split)
            : DataStages.Split(DataStages.Load(null, recipe.Filter), null, recipe.Split);
    }
}

/// <summary>Where one member of stage 05's soup keeps what its training writes (see <see cref="StageFolders.SoupMember"/>).</summary>
/// <param name="Checkpoints">Its checkpoints, for <c>--resume</c>.</param>
/// <param name="StepLosses">Its loss per optimizer step.</param>
/// <param name="EpochLosses">Its loss per epoch, train and validation.</param>
/// <param name="Model">Its best epoch, a Hugging Face model folder.</param>
public sealed record SoupMemberFolders(string Checkpoints, string StepLosses, string EpochLosses, string Model);
