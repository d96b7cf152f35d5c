using Microsoft.Data.Analysis;
using ToxicComments.Data;
using ToxicComments.Data.Loading;

namespace ToxicComments.Tests.Data.Loading;

public sealed class CommentFramesTests
{
    [Fact]
    public void ToDataFrame_MixedRows_HasKaggleColumnsWithIntegerLabels()
    {
        Comment[] rows =
        [
            new("a", "fine", ToxicLabels.None),
            new("b", "awful", ToxicLabels.Toxic | ToxicLabels.SevereToxic),
            new("c", "unscored", ToxicLabels.None, IsScored: false),
        ];

        DataFrame frame = new CommentSet(rows, "memory").ToDataFrame();

        Assert.Equal(["id", "comment_text", .. LabelNames.All], frame.Columns.Select(c => c.Name));
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal("awful", frame["comment_text"][1]);
        Assert.IsType<Int32DataFrameColumn>(frame["toxic"]);
        Assert.Equal([0, 1, -1], ((Int32DataFrameColumn)frame["toxic"]).Select(v => v!.Value));
        Assert.Equal([0, 1, -1], ((Int32DataFrameColumn)frame["severe_toxic"]).Select(v => v!.Value));
        Assert.Equal([0, 0, -1], ((Int32DataFrameColumn)frame["identity_hate"]).Select(v => v!.Value));
    }
}
