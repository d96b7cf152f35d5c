using System.Buffers;
using System.Text;

namespace ToxicComments.Data.Loading;

/// <summary>Where one field lies in the file's bytes.</summary>
/// <param name="Start">Offset of the first content byte (after an opening quote).</param>
/// <param name="Length">Content length in bytes (without the quotes).</param>
/// <param name="HasDoubledQuotes">Whether the content holds <c>""</c> escapes to undo when decoding.</param>
internal readonly record struct CsvField(int Start, int Length, bool HasDoubledQuotes);

/// <summary>
/// Splits UTF-8 CSV bytes into records and fields without copying: RFC 4180 quoting (quoted fields may span
/// lines and escape quotes by doubling them), LF or CRLF line ends, an optional BOM. It only finds field
/// boundaries; callers decode the fields they need, which lets them decode in parallel. Vectorised searches
/// (a quoted comment is one <c>IndexOf('"')</c>) keep it close to the speed of reading the bytes.
/// </summary>
internal sealed class CsvScanner
{
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(",\r\n"u8);
    private static readonly SearchValues<byte> LineEnds = SearchValues.Create("\r\n"u8);

    private readonly byte[] data;
    private readonly string file;
    private readonly int end;
    private int position;
    private int line;

    /// <summary>Scans the whole file, after its byte-order mark if it has one.</summary>
    public CsvScanner(byte[] data, string file)
        : this(data, file, data.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0, data.Length, 1)
    {
    }

    /// <summary>Scans the records in bytes [<paramref name="start"/>, <paramref name="end"/>), which starts on <paramref name="line"/>.</summary>
    public CsvScanner(byte[] data, string file, int start, int end, int line)
    {
        this.data = data;
        this.file = file;
        this.end = end;
        position = start;
        this.line = line;
    }

    /// <summary>Names for error messages, by field index, once the header is known.</summary>
    public IReadOnlyList<string>? ColumnNames { get; set; }

    /// <summary>Offset of the next unread byte.</summary>
    public int Position => position;

    /// <summary>The line the next record starts on.</summary>
    public int Line => line;

    /// <summary>
    /// Whether an unquoted field held a quote, which this scanner keeps as a literal character. Counting quotes
    /// no longer tells then whether an offset lies inside a quoted field (see <see cref="CsvChunks"/>).
    /// </summary>
    public bool SawQuoteInUnquotedField { get; private set; }

    /// <summary>Whether nothing but line breaks is left.</summary>
    public bool AtEnd => data.AsSpan(position, end - position).IndexOfAnyExcept(LineEnds) < 0;

    /// <summary>
    /// Reads the next record into <paramref name="fields"/> (cleared first). Returns false when only line breaks
    /// are left. <paramref name="recordLine"/> is the 1-based line where the record starts.
    /// </summary>
    /// <exception cref="JigsawFormatException">A quote never closes, or text follows a closing quote.</exception>
    public bool ReadRecord(List<CsvField> fields, out int recordLine)
    {
        fields.Clear();
        recordLine = line;
        if (AtEnd)
        {
            return false;
        }
        ReadOnlySpan<byte> span = data.AsSpan(0, end);
        while (true)
        {
            if (position < span.Length && span[position] == (byte)'"')
            {
                ReadQuoted(span, fields);
            }
            else
            {
                int length = span[position..].IndexOfAny(FieldEnds);
                int fieldEnd = length < 0 ? span.Length : position + length;
                SawQuoteInUnquotedField |= span[position..fieldEnd].Contains((byte)'"');
                fields.Add(new CsvField(position, fieldEnd - position, HasDoubledQuotes: false));
                position = fieldEnd;
            }

            if (position >= span.Length)
            {
                return true;
            }
            if (span[position] == (byte)',')
            {
                position++;
                continue;
            }
            bool crlf = span[position] == (byte)'\r' && position + 1 < span.Length && span[position + 1] == (byte)'\n';
            position += crlf ? 2 : 1;
            line++;
            return true;
        }
    }

    /// <summary>The field's text, with doubled quotes undone.</summary>
    public string Decode(CsvField field)
    {
        string text = Encoding.UTF8.GetString(data, field.Start, field.Length);
        return field.HasDoubledQuotes ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    /// <summary>The field's raw bytes (quotes still doubled).</summary>
    public ReadOnlyMemory<byte> Bytes(CsvField field) => data.AsMemory(field.Start, field.Length);

    /// <summary>Whether the field's bytes equal <paramref name="expected"/> (no decoding, no allocation).</summary>
    public bool FieldEquals(CsvField field, ReadOnlySpan<byte> expected) =>
        data.AsSpan(field.Start, field.Length).SequenceEqual(expected);

    private void ReadQuoted(ReadOnlySpan<byte> span, List<CsvField> fields)
    {
        int openedOnLine = line;
        int start = position + 1;
        int at = start;
        bool doubled = false;
        while (true)
        {
            int next = span[at..].IndexOf((byte)'"');
            if (next < 0)
            {
                throw Error(openedOnLine, fields.Count, "unterminated quoted field: the quote opened on this line never closes");
            }
            at += next;
            if (at + 1 < span.Length && span[at + 1] == (byte)'"')
            {
                doubled = true;
                at += 2;
                continue;
            }
            break;
        }
        line += span[start..at].Count((byte)'\n');
        fields.Add(new CsvField(start, at - start, doubled));
        position = at + 1;
        if (position < span.Length && !FieldEnds.Contains(span[position]))
        {
            // Either a stray quote inside the field, or an opening quote that never closed and paired with the
            // next field's quote, lines later: name the line where the field opened, which is where to look.
            string spans = line == openedOnLine ? "" : $" (this quoted field runs on to line {line}, so its opening quote may never close)";
            throw Error(openedOnLine, fields.Count - 1,
                $"unexpected '{(char)span[position]}' after a closing quote; a quote inside a quoted field must be doubled{spans}");
        }
    }

    private JigsawFormatException Error(int atLine, int fieldIndex, string reason)
    {
        string? column = ColumnNames is { } names && fieldIndex < names.Count ? names[fieldIndex] : null;
        return new JigsawFormatException(file, atLine, column, reason);
    }
}
