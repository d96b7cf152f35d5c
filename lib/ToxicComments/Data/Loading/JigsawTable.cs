using System.Buffers.Binary;

namespace ToxicComments.Data.Loading;

/// <summary>Which label columns a Jigsaw file has and what values they may hold.</summary>
internal enum LabelColumns
{
    /// <summary>None (test.csv).</summary>
    None,

    /// <summary>0 or 1 (train.csv).</summary>
    Binary,

    /// <summary>-1, 0 or 1, with -1 in every column of a row Kaggle did not score (test_labels.csv).</summary>
    Scored,
}

/// <summary>
/// The rows of one Jigsaw file, checked against the schema, with only the kept rows decoded. Large files are
/// scanned on every core in chunks of whole records (<see cref="CsvChunks"/>); whenever the parallel pass meets
/// anything unusual (an error, a stray quote, an id in two chunks) the file is read again in one sequential pass,
/// so results and error messages are always exactly those of a sequential read.
/// </summary>
internal sealed record JigsawTable(string[] Ids, string[] Texts, ToxicLabels[] Labels, bool[] Scored, int[] Lines, int RowsRead)
{
    public const string IdColumn = "id";
    public const string TextColumn = "comment_text";

    public static JigsawTable Parse(byte[] content, string file, bool hasText, LabelColumns labelColumns, Func<ToxicLabels, bool>? keep)
    {
        Utf8Text.Require(content, file);
        var scanner = new CsvScanner(content, file);
        var fields = new List<CsvField>(8);
        string[] expected = [IdColumn, .. hasText ? [TextColumn] : Array.Empty<string>(), .. labelColumns == LabelColumns.None ? [] : LabelNames.All];
        if (!scanner.ReadRecord(fields, out _))
        {
            throw new JigsawFormatException(file, null, null, $"the file is empty (expected a header: {string.Join(',', expected)})");
        }
        string[] header = fields.Select(scanner.Decode).ToArray();
        // A column named twice would be read from its first place and the second ignored, with nothing said.
        if (expected.FirstOrDefault(name => header.Count(h => h == name) > 1) is { } twice)
        {
            throw new JigsawFormatException(file, 1, twice, $"named twice in the header (columns {Array.IndexOf(header, twice) + 1} and {Array.LastIndexOf(header, twice) + 1})");
        }
        int[] columnOf = expected.Select(name => Array.IndexOf(header, name)).ToArray();
        int missing = Array.IndexOf(columnOf, -1);
        if (missing >= 0)
        {
            throw new JigsawFormatException(file, 1, expected[missing], $"missing (the header has: {string.Join(", ", header)})");
        }

        var schema = new Schema(file, header, columnOf, hasText, labelColumns, keep);
        var whole = new CsvChunk(scanner.Position, content.Length, scanner.Line);
        List<CsvChunk> chunks = CsvChunks.Split(content, whole, Environment.ProcessorCount);
        Chunk[] parsed = chunks.Count > 1 && TryInParallel(content, chunks, schema) is { } done
            ? done
            : [ParseChunk(content, whole, schema)];
        return new JigsawTable(
            [.. parsed.SelectMany(c => c.Ids)],
            [.. parsed.SelectMany(c => c.Texts)],
            [.. parsed.SelectMany(c => c.Labels)],
            [.. parsed.SelectMany(c => c.Scored)],
            [.. parsed.SelectMany(c => c.Lines)],
            parsed.Sum(c => c.Rows));
    }

    private static Chunk[]? TryInParallel(byte[] content, List<CsvChunk> chunks, Schema schema)
    {
        var parsed = new Chunk?[chunks.Count];
        Parallel.For(0, chunks.Count, i =>
        {
            try
            {
                parsed[i] = ParseChunk(content, chunks[i], schema);
            }
            catch (JigsawFormatException)
            {
                // Left null: the sequential pass finds the first error and reports it.
            }
        });
        if (parsed.Any(c => c is null || c.SawQuoteInUnquotedField))
        {
            return null;
        }

        // Each chunk counted lines from the line it was told it starts on; now the chunks before it are known.
        int startLine = chunks[0].Line;
        for (int c = 0; c < parsed.Length; c++)
        {
            int offset = startLine - chunks[c].Line;
            int[] lines = parsed[c]!.Lines;
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] += offset;
            }
            startLine += parsed[c]!.LinesSpanned;
        }

        // Duplicates within a chunk were caught there; an id hash seen in two chunks sends us to the sequential pass.
        var seen = new HashSet<ulong>(parsed.Sum(c => c!.IdHashes.Length));
        foreach (Chunk chunk in parsed!)
        {
            foreach (ulong hash in chunk.IdHashes)
            {
                if (!seen.Add(hash))
                {
                    return null;
                }
            }
        }
        return parsed!;
    }

    private static Chunk ParseChunk(byte[] content, CsvChunk chunk, Schema schema)
    {
        var scanner = new CsvScanner(content, schema.File, chunk.Start, chunk.End, chunk.Line) { ColumnNames = schema.Header };
        var fields = new List<CsvField>(8);
        var ids = new IdChecker(scanner, schema.File);
        var keptIds = new List<CsvField>();
        var keptTexts = new List<CsvField>();
        var labels = new List<ToxicLabels>();
        var scored = new List<bool>();
        var lines = new List<int>();
        ReadOnlySpan<int> labelColumns = schema.ColumnOf.AsSpan(schema.HasText ? 2 : 1);
        while (scanner.ReadRecord(fields, out int line))
        {
            if (fields.Count != schema.Header.Length)
            {
                throw new JigsawFormatException(schema.File, line, null, $"expected {schema.Header.Length} fields, found {fields.Count}");
            }
            CsvField id = fields[schema.ColumnOf[0]];
            ids.Add(id, line);
            (ToxicLabels set, bool isScored) = schema.LabelColumns == LabelColumns.None
                ? (ToxicLabels.None, true)
                : ParseLabels(scanner, fields, labelColumns, schema.LabelColumns, schema.File, line);
            // Every row is checked; only the rows kept are decoded (see JigsawReader.ReadTrain).
            if (schema.Keep is not null && !schema.Keep(set))
            {
                continue;
            }
            keptIds.Add(id);
            if (schema.HasText)
            {
                keptTexts.Add(fields[schema.ColumnOf[1]]);
            }
            labels.Add(set);
            scored.Add(isScored);
            lines.Add(line);
        }
        return new Chunk(
            keptIds.Select(scanner.Decode).ToArray(),
            keptTexts.Select(scanner.Decode).ToArray(),
            labels.ToArray(),
            scored.ToArray(),
            lines.ToArray(),
            ids.Count,
            scanner.Line - chunk.Line,
            ids.Hashes,
            scanner.SawQuoteInUnquotedField);
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

    private sealed record Schema(
        string File, string[] Header, int[] ColumnOf, bool HasText, LabelColumns LabelColumns, Func<ToxicLabels, bool>? Keep);

    private sealed record Chunk(
        string[] Ids, string[] Texts, ToxicLabels[] Labels, bool[] Scored, int[] Lines, int Rows, int LinesSpanned,
        ulong[] IdHashes, bool SawQuoteInUnquotedField);

    /// <summary>
    /// Rejects empty and duplicate ids without decoding them: a 64-bit hash of each id's bytes finds candidates,
    /// and a byte comparison confirms them.
    /// </summary>
    private sealed class IdChecker(CsvScanner scanner, string file)
    {
        private readonly Dictionary<ulong, (CsvField Id, int Line)> first = [];
        private readonly List<ulong> hashes = [];
        private Dictionary<string, int>? collided;

        public int Count => hashes.Count;

        public ulong[] Hashes => [.. hashes];

        public void Add(CsvField id, int line)
        {
            if (id.Length == 0)
            {
                throw new JigsawFormatException(file, line, IdColumn, "empty id");
            }
            ulong hash = Hash(scanner.Bytes(id).Span);
            hashes.Add(hash);
            if (first.TryAdd(hash, (id, line)))
            {
                return;
            }
            (CsvField earlier, int earlierLine) = first[hash];
            if (scanner.Bytes(earlier).Span.SequenceEqual(scanner.Bytes(id).Span))
            {
                throw Duplicate(id, line, earlierLine);
            }
            // Two different ids with one 64-bit hash: from here on such ids are compared as strings. The hash,
            // now listed twice, also makes the parallel pass give up on the file, as it cannot tell the two apart.
            collided ??= [];
            collided.TryAdd(scanner.Decode(earlier), earlierLine);
            if (!collided.TryAdd(scanner.Decode(id), line))
            {
                throw Duplicate(id, line, collided[scanner.Decode(id)]);
            }
        }

        private JigsawFormatException Duplicate(CsvField id, int line, int firstLine) =>
            new(file, line, IdColumn, $"duplicate id '{scanner.Decode(id)}' (first on line {firstLine})");

        /// <summary>A 64-bit multiply-xorshift hash, 8 bytes at a time (ids are short: 16 hex digits in Kaggle's files).</summary>
        private static ulong Hash(ReadOnlySpan<byte> bytes)
        {
            ulong hash = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
            while (bytes.Length >= 8)
            {
                hash = Mix(hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                bytes = bytes[8..];
            }
            ulong tail = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                tail |= (ulong)bytes[i] << (8 * i);
            }
            return Mix(hash ^ tail);
        }

        private static ulong Mix(ulong value)
        {
            value ^= value >> 33;
            value *= 0xFF51AFD7ED558CCDUL;
            value ^= value >> 33;
            value *= 0xC4CEB9FE1A85EC53UL;
            return value ^ (value >> 33);
        }
    }
}
