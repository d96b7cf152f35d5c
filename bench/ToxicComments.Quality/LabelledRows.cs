using Microsoft.ML;
using Microsoft.ML.Data;
using ToxicComments.Data;

namespace ToxicComments.Quality;

/// <summary>A comment's six labels as ML.NET columns (L0..L5, in <see cref="LabelNames.All"/> order).</summary>
internal abstract class LabelledRow
{
    public bool L0 { get; set; }
    public bool L1 { get; set; }
    public bool L2 { get; set; }
    public bool L3 { get; set; }
    public bool L4 { get; set; }
    public bool L5 { get; set; }
}

/// <summary>A comment's text and its labels.</summary>
internal sealed class TextRow : LabelledRow
{
    public string Text { get; set; } = "";
}

/// <summary>A comment's feature vector and its labels.</summary>
internal sealed class VectorRow : LabelledRow
{
    public float[] Features { get; set; } = [];
}

internal static class LabelledRows
{
    /// <summary>The ML.NET column of label <paramref name="label"/>.</summary>
    public static string LabelColumn(int label) => $"L{label}";

    public static IDataView Texts(MLContext ml, CommentSet comments) =>
        ml.Data.LoadFromEnumerable(comments.Select(c => Fill(new TextRow { Text = c.Text }, c.Labels)).ToList());

    public static IDataView Vectors(MLContext ml, CommentSet comments, float[][] features)
    {
        int width = features[0].Length;
        SchemaDefinition schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(comments.Select((c, i) => Fill(new VectorRow { Features = features[i] }, c.Labels)).ToList(), schema);
    }

    private static T Fill<T>(T row, ToxicLabels labels) where T : LabelledRow
    {
        bool[] set = Flags(labels);
        (row.L0, row.L1, row.L2, row.L3, row.L4, row.L5) = (set[0], set[1], set[2], set[3], set[4], set[5]);
        return row;
    }

    private static bool[] Flags(ToxicLabels labels) =>
        Enumerable.Range(0, LabelNames.Count).Select(j => labels.Has(j)).ToArray();
}
