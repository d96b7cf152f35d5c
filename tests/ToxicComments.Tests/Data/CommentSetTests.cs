using ToxicComments.Data;

namespace ToxicComments.Tests.Data;

public sealed class CommentSetTests
{
    [Fact]
    public void LabelMatrix_GivesOneColumnPerLabelInKagglesOrder()
    {
        var set = new CommentSet(
        [
            new Comment("a", "x", ToxicLabels.Toxic | ToxicLabels.Insult),
            new Comment("b", "y", ToxicLabels.None),
            new Comment("c", "z", ToxicLabels.IdentityHate | ToxicLabels.SevereToxic),
        ], "test");

        int[,] matrix = set.LabelMatrix();

        Assert.Equal(new[,] { { 1, 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 0, 0 }, { 0, 1, 0, 0, 0, 1 } }, matrix);
    }

    [Fact]
    public void LabelMatrix_UnscoredRow_ThrowsNamingIt()
    {
        var set = new CommentSet([new Comment("a", "x", ToxicLabels.None), new Comment("b9", "y", ToxicLabels.None, IsScored: false)], "test.csv");

        var error = Assert.Throws<InvalidOperationException>(set.LabelMatrix);

        Assert.Contains("row b9 was not scored", error.Message);
    }
}
