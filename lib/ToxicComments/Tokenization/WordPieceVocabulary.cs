namespace ToxicComments.Tokenization;

/// <summary>
/// A WordPiece vocabulary: token to id, with allocation-free lookups of spans. Word-initial pieces and
/// continuation pieces (<c>##ing</c>) live in separate tables keyed without the prefix, so a lookup never builds
/// a string.
/// </summary>
public sealed class WordPieceVocabulary
{
    private readonly string[] tokens;

    /// <summary>Builds the tables; <paramref name="tokens"/>[i] has id i.</summary>
    public WordPieceVocabulary(IReadOnlyList<string> tokens, string continuingSubwordPrefix = "##")
    {
        this.tokens = [.. tokens];
        ContinuingSubwordPrefix = continuingSubwordPrefix;
        var indexed = tokens.Select((token, id) => (token, id)).ToList();
        InitialPieces = new PieceTable(indexed);
        ContinuationPieces = new PieceTable(indexed
            .Where(t => continuingSubwordPrefix.Length > 0 && t.token.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal))
            .Select(t => (t.token[continuingSubwordPrefix.Length..], t.id)));
    }

    /// <summary>How many tokens there are.</summary>
    public int Count => tokens.Length;

    /// <summary>The prefix that marks a piece continuing a word (<c>##</c>).</summary>
    public string ContinuingSubwordPrefix { get; }

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id] => tokens[id];

    /// <summary>Pieces that start a word (every token, as written).</summary>
    internal PieceTable InitialPieces { get; }

    /// <summary>Pieces that continue a word, keyed without their prefix.</summary>
    internal PieceTable ContinuationPieces { get; }

    /// <summary>The id of <paramref name="token"/>, or -1.</summary>
    public int IdOf(string token) => InitialPieces.IdOf(token, PieceTable.Hash(token));

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
