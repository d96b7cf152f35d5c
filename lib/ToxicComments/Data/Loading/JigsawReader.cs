using System.Collections.Concurrent;

namespace ToxicComments.Data.Loading;

/// <summary>
/// Reads Kaggle's Jigsaw Toxic Comment files, checking them as it goes: <c>train.csv</c>
/// (<c>id, comment_text</c> and the six labels as 0/1), and <c>test.csv</c> with <c>test_labels.csv</c>
/// (labels -1/0/1, where -1 in every column marks a row Kaggle did not score). A file that breaks the schema
/// gets a <see cref="JigsawFormatException"/> naming the line and the column; no row is ever dropped silently.
/// </summary>
public static class JigsawReader
{
    private const string IdColumn = "id";
    private const string TextColumn = "comment_text";

    /// <summary>Reads a <c>train.csv</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JigsawFormatException">The file breaks the schema.</exception>
    public static CommentSet ReadTrain(string path) => ReadTrain(ReadFile(path), path);

    /// <summary>Reads the content of a <c>train.csv</c>; <paramref name="source"/> names it in messages.</summary>
    public static CommentSet ReadTrain(byte[] content, string source)
    {
        Table table = Parse(content, source, hasText: true, LabelColumns.Binary);
        var comments = new Comment[table.Ids.Length];
        for (int i = 0; i < comments.Length; i++)
        {
            comments[i] = new Comment(table.Ids[i], table.Texts[i], table.Labels[i]);
        }
        return new CommentSet(comments, source);
    }

    /// <summary>Reads a <c>test.csv</c> and its <c>test_labels.csv</c>, joined on <c>id</c>.</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="JigsawFormatException">A file breaks the schema, or the two files' ids differ.</exception>
    public static CommentSet ReadTest(string commentsPath, string labelsPath) =>
        ReadTest(ReadFile(commentsPath), commentsPath, ReadFile(labelsPath), labelsPath);

    /// <summary>Reads the contents of a <c>test.csv</c> and its <c>test_labels.csv</c>.</summary>
    public static CommentSet ReadTest(byte[] comments, string commentsSource, byte[] labels, string labelsSource)
    {
        Table texts = Parse(comments, commentsSource, hasText: true, LabelColumns.None);
        Table scores = Parse(labels, labelsSource, hasText: false, LabelColumns.Scored);

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
                throw new JigsawFormatException(labelsSource, null, IdColumn,
                    $"no labels for id '{texts.Ids[i]}' ({commentsSource} line {texts.Lines[i]})");
            }
            joined[i] = new Comment(texts.Ids[i], texts.Texts[i], scores.Labels[row], scores.Scored[row]);
        }
        if (byId.Count > 0)
        {
            int row = byId.Values.Min();
            throw new JigsawFormatException(labelsSource, scores.Lines[row], IdColumn,
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

    private static Table Parse(byte[] content, string file, bool hasText, LabelColumns labelColumns)
    {
        var scanner = new CsvScanner(content, file);
        var fields = new List<CsvField>(8);
        string[] expected = ExpectedHeader(hasText, labelColumns);
        if (!scanner.ReadRecord(fields, out _))
        {
            throw new JigsawFormatException(file, null, null, $"the file is empty (expected a header: {string.Join(',', expected)})");
        }
        string[] header = fields.Select(scanner.Decode).ToArray();
        scanner.ColumnNames = header;
        int[] columnOf = expected.Select(name => Array.IndexOf(header, name)).ToArray();
        int missing = Array.IndexOf(columnOf, -1);
        if (missing >= 0)
        {
            throw new JigsawFormatException(file, 1, expected[missing], $"missing (the header has: {string.Join(", ", header)})");
        }

        var ids = new List<CsvField>();
        var texts = new List<CsvField>();
        var labels = new List<ToxicLabels>();
        var scored = new List<bool>();
        var lines = new List<int>();
        int firstLabel = hasText ? 2 : 1;
        while (scanner.ReadRecord(fields, out int line))
        {
            if (fields.Count != header.Length)
            {
                throw new JigsawFormatException(file, line, null, $"expected {header.Length} fields, found {fields.Count}");
            }
            ids.Add(fields[columnOf[0]]);
            if (hasText)
            {
                texts.Add(fields[columnOf[1]]);
            }
            if (labelColumns != LabelColumns.None)
            {
                (ToxicLabels set, bool isScored) = ParseLabels(scanner, fields, columnOf.AsSpan(firstLabel), labelColumns, file, line);
                labels.Add(set);
                scored.Add(isScored);
            }
            lines.Add(line);
        }

        var table = new Table(
            Decode(scanner, ids),
            hasText ? Decode(scanner, texts) : [],
            labels.ToArray(),
            scored.ToArray(),
            lines.ToArray());
        CheckIds(table, file);
        return table;
    }

    private static (ToxicLabels Labels, bool IsScored) ParseLabels(
        CsvScanner scanner, List<CsvField> fields, ReadOnlySpan<int> columns, LabelColumns kind, string file, int line)
    {
        var set = ToxicLabels.None;
        int unscored = 0;
        for (int label = 0; label < columns.Length; label++)
        {
            CsvField field = fields[columns[label]];
            if (scanner.FieldEquals(field, "1"u8))
            {
                set |= LabelNames.Flag(label);
            }
            else if (kind == LabelColumns.Scored && scanner.FieldEquals(field, "-1"u8))
            {
                unscored++;
            }
            else if (!scanner.FieldEquals(field, "0"u8))
            {
                string allowed = kind == LabelColumns.Scored ? "-1, 0 or 1" : "0 or 1";
                throw new JigsawFormatException(file, line, LabelNames.All[label], $"expected {allowed}, found '{scanner.Decode(field)}'");
            }
        }
        if (unscored != 0 && unscored != columns.Length)
        {
            throw new JigsawFormatException(file, line, null,
                "-1 (not scored) must fill all six label columns or none; this row mixes -1 with 0/1");
        }
        return (set, unscored == 0);
    }

    private static string[] Decode(CsvScanner scanner, List<CsvField> fields)
    {
        var decoded = new string[fields.Count];
        // Decoding UTF-8 is most of the work for comment text; rows are independent, so use every core.
        Parallel.ForEach(Partitioner.Create(0, decoded.Length, 8192), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                decoded[i] = scanner.Decode(fields[i]);
            }
        });
        return decoded;
    }

    private static void CheckIds(Table table, string file)
    {
        var firstLine = new Dictionary<string, int>(table.Ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < table.Ids.Length; i++)
        {
            if (table.Ids[i].Length == 0)
            {
                throw new JigsawFormatException(file, table.Lines[i], IdColumn, "empty id");
            }
            if (!firstLine.TryAdd(table.Ids[i], table.Lines[i]))
            {
                throw new JigsawFormatException(file, table.Lines[i], IdColumn,
                    $"duplicate id '{table.Ids[i]}' (first on line {firstLine[table.Ids[i]]})");
            }
        }
    }

    private static string[] ExpectedHeader(bool hasText, LabelColumns labelColumns) =>
        [IdColumn, .. hasText ? [TextColumn] : Array.Empty<string>(), .. labelColumns == LabelColumns.None ? [] : LabelNames.All];

    private enum LabelColumns
    {
        None,
        Binary,
        Scored,
    }

    private sealed record Table(string[] Ids, string[] Texts, ToxicLabels[] Labels, bool[] Scored, int[] Lines);
}
