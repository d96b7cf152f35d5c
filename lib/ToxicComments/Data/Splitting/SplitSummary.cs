using Microsoft.Data.Analysis;

namespace ToxicComments.Data.Splitting;

/// <summary>A split at a glance: rows and positives per label for each part.</summary>
public static class SplitSummary
{
    /// <summary>One row per split (<c>train</c>, <c>validation</c>, <c>test</c>) with its row count and label counts.</summary>
    public static DataFrame Summary(this DatasetSplit split)
    {
        var parts = split.Parts().ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("split", parts.Select(p => p.Name)),
            new Int32DataFrameColumn("rows", parts.Select(p => p.Rows.Count)),
        };
        for (int label = 0; label < LabelNames.Count; label++)
        {
            int index = label;
            columns.Add(new Int32DataFrameColumn(LabelNames.All[label], parts.Select(p => p.Rows.LabelCounts()[index])));
        }
        return new DataFrame(columns);
    }
}
