using ToxicComments.Data;
using ToxicComments.Data.Filtering;

namespace ToxicComments.Tests.Data.Filtering;

public sealed class CommentFilterTests
{
    private static readonly CommentSet Rows = new(
    [
        new("clean", "thanks", ToxicLabels.None),
        new("rude", "idiot", ToxicLabels.Insult),
        new("unscored", "?", ToxicLabels.None, IsScored: false),
        new("nasty", "die", ToxicLabels.Toxic | ToxicLabels.Threat),
    ], "memory");

    [Fact]
    public void Apply_Default_KeepsOnlyLabelledRowsLikeTheTutorial()
    {
        CommentSet kept = CommentFilter.Apply(Rows);

        Assert.Equal(["rude", "nasty"], kept.Select(c => c.Id));
    }

    [Fact]
    public void Apply_All_KeepsCleanRowsButNotUnscoredOnes()
    {
        CommentSet kept = CommentFilter.Apply(Rows, CommentFilterMode.All);

        Assert.Equal(["clean", "rude", "nasty"], kept.Select(c => c.Id));
    }
}
