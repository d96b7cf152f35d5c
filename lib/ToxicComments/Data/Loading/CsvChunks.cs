namespace ToxicComments.Data.Loading;

/// <summary>
/// A run of whole records: bytes [<see cref="Start"/>, <see cref="End"/>), the first record on <see cref="Line"/>
/// (counted from the chunk's start until the chunks before it are read).
/// </summary>
internal readonly record struct CsvChunk(int Start, int End, int Line);

/// <summary>
/// Cuts a CSV body into chunks of whole records so that several cores can scan it at once. A record ends at a
/// line break outside quotes; whether an offset is inside quotes follows from the parity of the quotes before
/// it, because an escaped quote is doubled and flips the parity twice. That holds for RFC 4180 files; a file
/// with a quote inside an unquoted field breaks it, and the scanner reports such a quote
/// (<see cref="CsvScanner.SawQuoteInUnquotedField"/>) so the reader can fall back to one sequential pass.
/// </summary>
internal static class CsvChunks
{
    /// <summary>Below this size one core is as fast as several.</summary>
    private const int MinimumParallelBytes = 1 << 20;

    public static List<CsvChunk> Split(byte[] data, CsvChunk whole, int parts)
    {
        var chunks = new List<CsvChunk>();
        int length = whole.End - whole.Start;
        if (parts < 2 || length < MinimumParallelBytes)
        {
            chunks.Add(whole);
            return chunks;
        }

        int chunkStart = whole.Start;
        for (int part = 1; part < parts; part++)
        {
            int target = whole.Start + (int)((long)length * part / parts);
            if (target <= chunkStart)
            {
                continue;
            }
            int boundary = NextRecordStart(data, chunkStart, target, whole.End);
            if (boundary < 0 || boundary >= whole.End)
            {
                break;
            }
            chunks.Add(new CsvChunk(chunkStart, boundary, chunks.Count == 0 ? whole.Line : 0));
            chunkStart = boundary;
        }
        chunks.Add(new CsvChunk(chunkStart, whole.End, chunks.Count == 0 ? whole.Line : 0));
        return chunks;
    }

    /// <summary>The first record start at or after <paramref name="target"/>, given that a record starts at <paramref name="from"/>.</summary>
    private static int NextRecordStart(byte[] data, int from, int target, int end)
    {
        bool quoted = (data.AsSpan(from, target - from).Count((byte)'"') & 1) == 1;
        int at = target;
        while (at < end)
        {
            int next = data.AsSpan(at, end - at).IndexOfAny((byte)'"', (byte)'\n');
            if (next < 0)
            {
                return -1;
            }
            at += next;
            if (data[at] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                return at + 1;
            }
            at++;
        }
        return -1;
    }
}
