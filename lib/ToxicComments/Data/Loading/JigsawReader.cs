namespace ToxicComments.Data.Loading;

/// <summary>
/// Reads Kaggle's Jigsaw Toxic Comment files, checking them as it goes: <c>train.csv</c>
/// (<c>id, comment_text</c> and the six labels as 0/1), and <c>test.csv</c> with <c>test_labels.csv</c>
/// (labels -1/0/1, where -1 in every column marks a row Kaggle did not score). A file that breaks the schema
/// gets a <see cref="JigsawFormatException"/> naming the line and the column; no row is ever dropped silently.
/// </summary>
public static class JigsawReader
{
    /// <summary>Reads a <c>train.csv</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="keep">
    /// Which rows to return, by their labels (e.g. <see cref="Filtering.CommentFilter.Keeps"/>). Every row is still
    /// checked, but the text of a row that is not kept is never decoded: with the tutorial's filter that is 90% of
    /// Kaggle's file, and most of the time a load takes.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JigsawFormatException">The file breaks the schema.</exception>
    public static CommentSet ReadTrain(string path, Func<ToxicLabels, bool>? keep = null) => ReadTrain(ReadFile(path), path, keep);

    /// <summary>Reads the content of a <c>train.csv</c>; <paramref name="source"/> names it in messages.</summary>
    public static CommentSet ReadTrain(byte[] content, string source, Func<ToxicLabels, bool>? keep = null)
    {
        JigsawTable table = JigsawTable.Parse(content, source, hasText: true, LabelColumns.Binary, keep);
        var comments = new Comment[table.Ids.Length];
        for (int i = 0; i < comments.Length; i++)
        {
            comments[i] = new Comment(table.Ids[i], table.Texts[i], table.Labels[i]);
        }
        return new CommentSet(comments, source, table.RowsRead) { File = IO.FileIdentity.Describe(source, content) };
    }

    /// <summary>Reads a <c>test.csv</c> and its <c>test_labels.csv</c>, joined on <c>id</c>.</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="JigsawFormatException">A file breaks the schema, or the two files' ids differ.</exception>
    public static CommentSet ReadTest(string commentsPath, string labelsPath) =>
        ReadTest(ReadFile(commentsPath), commentsPath, ReadFile(labelsPath), labelsPath);

    /// <summary>Reads the contents of a <c>test.csv</c> and its <c>test_labels.csv</c>.</summary>
    public static CommentSet ReadTest(byte[] comments, string commentsSource, byte[] labels, string labelsSource)
    {
        JigsawTable texts = JigsawTable.Parse(comments, commentsSource, hasText: true, LabelColumns.None, keep: null);
        JigsawTable scores = JigsawTable.Parse(labels, labelsSource, hasText: false, LabelColumns.Scored, keep: null);

        var byId = new Dictionary<string, int>(scores.Ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < scores.Ids.Length; i++)
        {
            byId.Add(scores.Ids[i], i);
        }
        var joined = new Comment[texts.Ids.Length];
        for (int i = 0; i < joined.Length; i++)
        {
            if (!byId.Remove(texts.Ids[i], out int row))
            {
                throw new JigsawFormatException(labelsSource, null, JigsawTable.IdColumn,
                    $"no labels for id '{texts.Ids[i]}' ({commentsSource} line {texts.Lines[i]})");
            }
            joined[i] = new Comment(texts.Ids[i], texts.Texts[i], scores.Labels[row], scores.Scored[row]);
        }
        if (byId.Count > 0)
        {
            int row = byId.Values.Min();
            throw new JigsawFormatException(labelsSource, scores.Lines[row], JigsawTable.IdColumn,
                $"id '{scores.Ids[row]}' is not in {commentsSource}");
        }
        return new CommentSet(joined, $"{commentsSource} + {labelsSource}");
    }

    private static byte[] ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }
        return File.ReadAllBytes(path);
    }
}
