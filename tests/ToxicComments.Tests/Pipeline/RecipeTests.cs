using ToxicComments.Data.Filtering;
using ToxicComments.Data.Splitting;
using ToxicComments.Modeling;
using ToxicComments.Pipeline;
using ToxicComments.Training;

namespace ToxicComments.Tests.Pipeline;

public sealed class RecipeTests
{
    [Fact]
    public void EveryRecipe_ItsFineTuneSettingsCarryItsName_ForTheModelCard()
    {
        Assert.All(Recipe.All, recipe => Assert.Equal(recipe.Name, recipe.FineTune.Recipe));
    }

    [Fact]
    public void Tutorial_IsThePythonTutorialsRun()
    {
        Recipe tutorial = Recipe.Named("tutorial");
        TrainingOptions training = tutorial.FineTune.Training;

        Assert.Equal(CommentFilterMode.LabelledOnly, tutorial.Filter);
        Assert.Equal((0.2, 42u, SplitStrategy.Random), (tutorial.Split.TestFraction, tutorial.Split.Seed, tutorial.Split.Strategy));
        Assert.Equal(ClassifierHead.Tutorial, tutorial.FineTune.Head);
        Assert.Equal(HeadInitialization.Random, tutorial.FineTune.HeadInitialization);
        Assert.Equal((512, OptimizerKind.Adam, 5e-5, ScheduleKind.Constant, 0.0, 2, 16), (training.MaxLength, training.Optimizer, training.LearningRate, training.Schedule, training.WarmupRatio, training.Epochs, training.BatchSize));
        Assert.Equal(PositiveWeighting.None, tutorial.FineTune.PositiveWeighting);
        Assert.Equal(1, tutorial.FineTune.SoupSize);
        // Its batches are the tutorial's random ones, not grouped by length.
        Assert.False(training.GroupByLength);
    }

    [Fact]
    public void Recommended_IsTheDefault_AndKeepsCleanComments()
    {
        Recipe recommended = Recipe.Default;
        TrainingOptions training = recommended.FineTune.Training;

        Assert.Same(Recipe.Named("Recommended"), recommended);
        Assert.Equal(CommentFilterMode.All, recommended.Filter);
        Assert.Equal(SplitStrategy.IterativeStratified, recommended.Split.Strategy);
        Assert.Equal((ClassifierHead.MeanPooled, HeadInitialization.LinearProbe, 2), (recommended.FineTune.Head, recommended.FineTune.HeadInitialization, recommended.FineTune.SoupSize));
        Assert.Equal((128, OptimizerKind.AdamW, 1e-4, 0.01, ScheduleKind.Linear, 0.1), (training.MaxLength, training.Optimizer, training.LearningRate, training.WeightDecay, training.Schedule, training.WarmupRatio));
        Assert.Equal(PositiveWeighting.SquareRoot, recommended.FineTune.PositiveWeighting);
        Assert.True(training.FreezeEmbeddings);
        Assert.False(Recipe.Tutorial.FineTune.Training.FreezeEmbeddings);
    }

    [Fact]
    public void Named_Unknown_ListsTheRecipes()
    {
        var error = Assert.Throws<ArgumentException>(() => Recipe.Named("fast"));

        Assert.StartsWith("no recipe 'fast': recommended or tutorial.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FineTuneSettings_PlainNew_IsTheTutorials()
    {
        var plain = new FineTuneSettings();

        Assert.Equal((plain.Head, plain.HeadInitialization, plain.SoupSize, plain.PositiveWeighting),
            (FineTuneSettings.Tutorial.Head, FineTuneSettings.Tutorial.HeadInitialization, FineTuneSettings.Tutorial.SoupSize, FineTuneSettings.Tutorial.PositiveWeighting));
        Assert.Equal((plain.Training.MaxLength, plain.Training.Optimizer, plain.Training.LearningRate),
            (FineTuneSettings.Tutorial.Training.MaxLength, FineTuneSettings.Tutorial.Training.Optimizer, FineTuneSettings.Tutorial.Training.LearningRate));
    }
}
