using Microsoft.Data.Analysis;

namespace ToxicComments.Data.Loading;

/// <summary>Converts comments to a Microsoft.Data.Analysis <see cref="DataFrame"/> with Kaggle's columns.</summary>
public static class CommentFrames
{
    /// <summary>
    /// A frame with <c>id</c>, <c>comment_text</c> and one integer column per label (0/1, or -1 where a test
    /// row was not scored), in Kaggle's column order.
    /// </summary>
    public static DataFrame ToDataFrame(this CommentSet comments)
    {
        var ids = new string[comments.Count];
        var texts = new string[comments.Count];
        var labels = new int[LabelNames.Count][];
        for (int label = 0; label < labels.Length; label++)
        {
            labels[label] = new int[comments.Count];
        }
        ReadOnlySpan<Comment> rows = comments.AsSpan();
        for (int row = 0; row < rows.Length; row++)
        {
            ids[row] = rows[row].Id;
            texts[row] = rows[row].Text;
            for (int label = 0; label < labels.Length; label++)
            {
                labels[label][row] = !rows[row].IsScored ? -1 : rows[row].Labels.Has(label) ? 1 : 0;
            }
        }

        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("id", ids),
            new StringDataFrameColumn("comment_text", texts),
        };
        for (int label = 0; label < labels.Length; label++)
        {
            columns.Add(new Int32DataFrameColumn(LabelNames.All[label], labels[label]));
        }
        return new DataFrame(columns);
    }
}
