namespace ToxicComments.Tokenization;

/// <summary>
/// A WordPiece vocabulary: token to id, with allocation-free lookups of spans. Word-initial pieces and
/// continuation pieces (<c>##ing</c>) live in separate tables keyed without the prefix, so a lookup never builds
/// a string.
/// </summary>
public sealed class WordPieceVocabulary
{
    private readonly string[] tokens;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> initial;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuation;

    /// <summary>Builds the tables; <paramref name="tokens"/>[i] has id i.</summary>
    public WordPieceVocabulary(IReadOnlyList<string> tokens, string continuingSubwordPrefix = "##")
    {
        this.tokens = [.. tokens];
        ContinuingSubwordPrefix = continuingSubwordPrefix;
        var initialTable = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        var continuationTable = new Dictionary<string, int>(tokens.Count / 4, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            string token = tokens[id];
            // A later duplicate wins, as in Hugging Face's loader (vocab.txt files are checked for duplicates before this).
            if (continuingSubwordPrefix.Length > 0 && token.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal))
            {
                continuationTable[token[continuingSubwordPrefix.Length..]] = id;
            }
            initialTable[token] = id;
            LongestToken = Math.Max(LongestToken, token.Length);
        }
        initial = initialTable.GetAlternateLookup<ReadOnlySpan<char>>();
        continuation = continuationTable.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many tokens there are.</summary>
    public int Count => tokens.Length;

    /// <summary>The prefix that marks a piece continuing a word (<c>##</c>).</summary>
    public string ContinuingSubwordPrefix { get; }

    /// <summary>The longest token, in UTF-16 units: no longer piece can match.</summary>
    public int LongestToken { get; }

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id] => tokens[id];

    /// <summary>The id of <paramref name="token"/>, or -1.</summary>
    public int IdOf(string token) => initial.TryGetValue(token, out int id) ? id : -1;

    /// <summary>The id of a word-initial piece, or -1.</summary>
    public int Initial(ReadOnlySpan<char> piece) => initial.TryGetValue(piece, out int id) ? id : -1;

    /// <summary>The id of a continuation piece, given without its prefix, or -1.</summary>
    public int Continuation(ReadOnlySpan<char> piece) => continuation.TryGetValue(piece, out int id) ? id : -1;

    /// <summary>
    /// Reads a <c>vocab.txt</c>: one token a line, the id is the line's index. LF or CRLF line ends.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">An empty file, an empty line or a duplicate token, naming the line.</exception>
    public static IReadOnlyList<string> ReadVocabTxt(TextReader reader, string source)
    {
        var tokens = new List<string>(32_000);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } token)
        {
            int line = tokens.Count + 1;
            if (token.Length == 0)
            {
                throw new InvalidDataException($"{source}:{line}: empty token (vocab.txt holds one token a line).");
            }
            if (!lineOf.TryAdd(token, line))
            {
                throw new InvalidDataException($"{source}:{line}: token '{token}' is already on line {lineOf[token]}.");
            }
            tokens.Add(token);
        }
        if (tokens.Count == 0)
        {
            throw new InvalidDataException($"{source}: the vocabulary is empty.");
        }
        return tokens;
    }
}
