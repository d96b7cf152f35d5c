using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Training;

namespace ToxicComments.Tests.Training;

public sealed class TokenizedCommentsTests
{
    private static readonly TokenizedComments Three = TokenizedComments.Encode(OfflineModel.Tokenizer(), new CommentSet(
    [
        new Comment("a", "you are an idiot", ToxicLabels.Toxic | ToxicLabels.Insult),
        new Comment("b", "thanks for the edit", ToxicLabels.None),
        new Comment("c", "idiots like you should leave", ToxicLabels.Toxic),
    ], "three"), maxLength: 16);

    [Fact]
    public void Truth_IsTheLabelsAsZerosAndOnes_RowByRow()
    {
        Assert.Equal(new int[,] { { 1, 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 0, 0 }, { 1, 0, 0, 0, 0, 0 } }, Three.Truth());
    }

    [Fact]
    public void HasBothClasses_OnlyForLabelsSomeCommentsHaveAndOthersLack()
    {
        Assert.Equal([true, false, false, false, true, false], Enumerable.Range(0, LabelNames.Count).Select(Three.HasBothClasses));
    }
}
