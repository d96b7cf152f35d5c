using System.Globalization;
using System.Text;
using ToxicComments.Tokenization.Unicode;

namespace ToxicComments.Tokenization;

/// <summary>
/// Hugging Face's <c>BertTokenizerFast</c>, reimplemented to give the same ids on every input: special tokens
/// matched literally, <c>BertNormalizer</c> (clean text, CJK spacing, accent stripping, lower-casing),
/// <c>BertPreTokenizer</c> (whitespace and punctuation), greedy longest-match-first WordPiece, then
/// <c>[CLS] ... [SEP]</c> and truncation. Normalization, splitting and WordPiece run in one pass over the text
/// with no allocation per word; ASCII takes a table-driven fast path. Thread-safe.
/// </summary>
public sealed class BertWordPieceTokenizer
{
    [ThreadStatic]
    private static Scratch? scratch;

    private readonly BertNormalizerTables tables = BertNormalizerTables.Instance;
    private readonly (string Text, int Id)[] specials;
    private readonly bool[] startsSpecial = new bool[0x10000];
    private readonly char[] asciiLower = new char[128];
    private readonly char[] asciiWordChar = new char[128];
    private readonly CharacterClass[] asciiClass = new CharacterClass[128];
    private readonly bool uncased;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/>.</summary>
    /// <param name="vocabulary">The WordPiece vocabulary.</param>
    /// <param name="options">Normalization and special tokens.</param>
    /// <param name="source">Where the vocabulary came from, for messages and run metadata.</param>
    /// <exception cref="InvalidDataException">A special token is missing from the vocabulary.</exception>
    public BertWordPieceTokenizer(WordPieceVocabulary vocabulary, BertTokenizerOptions options, string source)
    {
        Vocabulary = vocabulary;
        Options = options;
        Source = source;
        int Require(string token) => vocabulary.IdOf(token) is >= 0 and var id
            ? id
            : throw new InvalidDataException($"{source}: the special token '{token}' is not in the vocabulary.");
        UnknownId = Require(options.UnknownToken);
        ClassifierId = Require(options.ClassifierToken);
        SeparatorId = Require(options.SeparatorToken);
        PaddingId = Require(options.PaddingToken);
        MaskId = vocabulary.IdOf(options.MaskToken);
        specials = options.SpecialTokens.Distinct().Select(t => (t, vocabulary.IdOf(t))).Where(s => s.Item2 >= 0).ToArray();
        foreach ((string text, _) in specials)
        {
            startsSpecial[text[0]] = true;
        }
        uncased = options.LowerCase && options.StripsAccents;
        for (int c = 0; c < 128; c++)
        {
            asciiClass[c] = tables.Classify(c);
            asciiLower[c] = options.LowerCase ? char.ToLowerInvariant((char)c) : (char)c;
            // Letters and digits: copied into the current word (lower-cased) by the fast path, 0 for everything else.
            bool plain = asciiClass[c] == CharacterClass.Keep || asciiClass[c] == CharacterClass.Mapped;
            asciiWordChar[c] = plain && !startsSpecial[c] ? asciiLower[c] : '\0';
        }
    }

    /// <summary>The vocabulary.</summary>
    public WordPieceVocabulary Vocabulary { get; }

    /// <summary>The normalization settings and special tokens.</summary>
    public BertTokenizerOptions Options { get; }

    /// <summary>Where the vocabulary came from.</summary>
    public string Source { get; }

    /// <summary>Id of the unknown token.</summary>
    public int UnknownId { get; }

    /// <summary>Id of the classifier token that starts each sequence.</summary>
    public int ClassifierId { get; }

    /// <summary>Id of the separator token that ends each sequence.</summary>
    public int SeparatorId { get; }

    /// <summary>Id of the padding token.</summary>
    public int PaddingId { get; }

    /// <summary>Id of the mask token, or -1.</summary>
    public int MaskId { get; }

    /// <summary>
    /// The ids of <paramref name="text"/> as a model sees them: <c>[CLS]</c>, the pieces, <c>[SEP]</c>, truncated to
    /// <paramref name="maxLength"/> ids in all (by default the model's maximum), exactly as <c>BertTokenizerFast</c>.
    /// </summary>
    public int[] Encode(string text, int? maxLength = null) => Encode(text, maxLength, out _);

    /// <summary>As <see cref="Encode(string, int?)"/>; <paramref name="truncated"/> says whether pieces were cut.</summary>
    public int[] Encode(string text, int? maxLength, out bool truncated)
    {
        int limit = (maxLength ?? Options.ModelMaxLength) - 2;
        ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(maxLength));
        Scratch work = scratch ??= new Scratch();
        work.Ids.Clear();
        work.Ids.Add(ClassifierId);
        truncated = !AppendPieces(text, work, limit);
        work.Ids.Add(SeparatorId);
        return [.. work.Ids];
    }

    /// <summary>The word pieces of <paramref name="text"/> as strings, without special tokens or truncation.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        Scratch work = scratch ??= new Scratch();
        work.Ids.Clear();
        AppendPieces(text, work, int.MaxValue - 1);
        return work.Ids.Select(id => Vocabulary[id]).ToArray();
    }

    /// <summary>The tokens of a sequence of ids, for display.</summary>
    public IReadOnlyList<string> Tokens(IEnumerable<int> ids) => ids.Select(id => Vocabulary[id]).ToArray();

    /// <summary>Appends the pieces of <paramref name="text"/>; false once more than <paramref name="limit"/> were found.</summary>
    private bool AppendPieces(string text, Scratch work, int limit)
    {
        int firstPiece = work.Ids.Count;
        work.WordLength = 0;
        work.WordCodePoints = 0;
        work.Reserve(text.Length);
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (c < 128 && asciiWordChar[c] != '\0')
            {
                // The common case: a run of ASCII letters and digits, copied without further checks.
                char[] word = work.Word;
                int wordLength = work.WordLength;
                int start = i;
                char lowered;
                while (i < text.Length && (c = text[i]) < 128 && (lowered = asciiWordChar[c]) != '\0')
                {
                    word[wordLength++] = lowered;
                    i++;
                }
                work.WordLength = wordLength;
                work.WordCodePoints += i - start;
                continue;
            }
            if (startsSpecial[c] && MatchSpecial(text, i) is (int length, int id))
            {
                FlushWord(work);
                work.Ids.Add(id);
                i += length;
            }
            else if (c < 128)
            {
                AppendAscii(c, work);
                i++;
            }
            else
            {
                int codePoint = c;
                int width = 1;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(c, text[i + 1]);
                    width = 2;
                }
                else if (char.IsSurrogate(c))
                {
                    // A lone surrogate reaches Hugging Face's Rust code as U+FFFD, which clean_text removes.
                    codePoint = 0xFFFD;
                }
                AppendCodePoint(codePoint, work);
                i += width;
            }
            if (work.Ids.Count - firstPiece > limit)
            {
                work.Ids.RemoveRange(firstPiece + limit, work.Ids.Count - firstPiece - limit);
                return false;
            }
        }
        FlushWord(work);
        if (work.Ids.Count - firstPiece > limit)
        {
            work.Ids.RemoveRange(firstPiece + limit, work.Ids.Count - firstPiece - limit);
            return false;
        }
        return true;
    }

    private (int Length, int Id)? MatchSpecial(string text, int at)
    {
        foreach ((string special, int id) in specials)
        {
            if (string.CompareOrdinal(text, at, special, 0, special.Length) == 0)
            {
                return (special.Length, id);
            }
        }
        return null;
    }

    private void AppendAscii(char c, Scratch work)
    {
        CharacterClass cls = asciiClass[c];
        CharacterClass kind = cls & CharacterClass.KindMask;
        if (kind == CharacterClass.Removed && Options.CleanText)
        {
            return;
        }
        // Without clean_text, control characters that are whitespace (\v, \f) still split words in the pre-tokenizer.
        if (kind == CharacterClass.Whitespace || (kind == CharacterClass.Removed && char.IsWhiteSpace(c)))
        {
            FlushWord(work);
            return;
        }
        if ((cls & CharacterClass.Punctuation) != 0)
        {
            FlushWord(work);
            work.Append(c);
            FlushWord(work);
            return;
        }
        work.Append(asciiLower[c]);
    }

    private void AppendCodePoint(int codePoint, Scratch work)
    {
        CharacterClass cls = tables.Classify(codePoint);
        CharacterClass kind = cls & CharacterClass.KindMask;
        if (kind == CharacterClass.Removed && Options.CleanText)
        {
            return;
        }
        if (kind == CharacterClass.Whitespace)
        {
            FlushWord(work);
            return;
        }
        bool chinese = kind == CharacterClass.Chinese && Options.TokenizeChineseChars;
        if (uncased && (cls & CharacterClass.Mapped) != 0)
        {
            string mapped = tables.Mapping(codePoint);
            AppendNormalized(kind == CharacterClass.Chinese && !chinese ? mapped.Trim(' ') : mapped, work);
            return;
        }
        if (kind == CharacterClass.StrippedMark && Options.StripsAccents)
        {
            return;
        }
        if (chinese)
        {
            FlushWord(work);
            work.AppendCodePoint(codePoint);
            FlushWord(work);
            return;
        }
        if (uncased && kind == CharacterClass.HangulSyllable)
        {
            AppendHangulJamo(codePoint, work);
            return;
        }
        if (!uncased && (Options.LowerCase || Options.StripsAccents))
        {
            AppendNormalized(NormalizeOne(codePoint), work);
            return;
        }
        AppendOutput(codePoint, cls, work);
    }

    /// <summary>Feeds the normalizer's output through the pre-tokenizer: spaces end words, punctuation stands alone.</summary>
    private void AppendNormalized(string normalized, Scratch work)
    {
        for (int i = 0; i < normalized.Length; i++)
        {
            int codePoint = char.IsHighSurrogate(normalized[i]) && i + 1 < normalized.Length
                ? char.ConvertToUtf32(normalized[i], normalized[++i])
                : normalized[i];
            if (codePoint == ' ')
            {
                FlushWord(work);
            }
            else
            {
                AppendOutput(codePoint, tables.Classify(codePoint), work);
            }
        }
    }

    private void AppendOutput(int codePoint, CharacterClass cls, Scratch work)
    {
        if ((cls & CharacterClass.Punctuation) != 0)
        {
            FlushWord(work);
            work.AppendCodePoint(codePoint);
            FlushWord(work);
            return;
        }
        work.AppendCodePoint(codePoint);
    }

    /// <summary>
    /// For cased models that still strip accents or lower-case: .NET's NFD and lower-casing, with Hugging Face's set of
    /// non-spacing marks. Exact parity is tested for uncased and for fully cased models; this mixed case is best effort.
    /// </summary>
    private string NormalizeOne(int codePoint)
    {
        string text = char.ConvertFromUtf32(codePoint);
        if (Options.StripsAccents)
        {
            var kept = new StringBuilder();
            foreach (Rune rune in text.Normalize(NormalizationForm.FormD).EnumerateRunes())
            {
                if ((tables.Classify(rune.Value) & CharacterClass.KindMask) != CharacterClass.StrippedMark)
                {
                    kept.Append(rune.ToString());
                }
            }
            text = kept.ToString();
        }
        return Options.LowerCase ? text.ToLower(CultureInfo.InvariantCulture) : text;
    }

    private static void AppendHangulJamo(int syllable, Scratch work)
    {
        // Unicode's algorithmic decomposition of precomposed Hangul (section 3.12), as NFD does it.
        int index = syllable - 0xAC00;
        work.AppendCodePoint(0x1100 + (index / 588));
        work.AppendCodePoint(0x1161 + (index % 588 / 28));
        if (index % 28 != 0)
        {
            work.AppendCodePoint(0x11A7 + (index % 28));
        }
    }

    private void FlushWord(Scratch work)
    {
        if (work.WordLength == 0)
        {
            return;
        }
        AppendWordPieces(work.Word.AsSpan(0, work.WordLength), work.WordCodePoints, work.Ids);
        work.WordLength = 0;
        work.WordCodePoints = 0;
    }

    /// <summary>Greedy longest-match-first WordPiece; a word with any unmatched part becomes the unknown token.</summary>
    private void AppendWordPieces(ReadOnlySpan<char> word, int codePoints, List<int> ids)
    {
        if (codePoints > Options.MaxInputCharsPerWord)
        {
            ids.Add(UnknownId);
            return;
        }
        int firstPiece = ids.Count;
        Span<uint> prefixHashes = word.Length <= 256 ? stackalloc uint[word.Length] : new uint[word.Length];
        int start = 0;
        while (start < word.Length)
        {
            PieceTable pieces = start == 0 ? Vocabulary.InitialPieces : Vocabulary.ContinuationPieces;
            int end = Math.Min(word.Length, start + pieces.LongestPiece);
            // One pass hashes every candidate: the hash of word[start..k] extends that of word[start..k-1].
            uint hash = PieceTable.EmptyHash;
            for (int k = start; k < end; k++)
            {
                prefixHashes[k] = hash = PieceTable.Extend(hash, word[k]);
            }
            int id = -1;
            for (; end > start; end--)
            {
                // A piece never ends between the two halves of a surrogate pair.
                if (end < word.Length && char.IsLowSurrogate(word[end]))
                {
                    continue;
                }
                id = pieces.IdOf(word[start..end], prefixHashes[end - 1]);
                if (id >= 0)
                {
                    break;
                }
            }
            if (id < 0)
            {
                ids.RemoveRange(firstPiece, ids.Count - firstPiece);
                ids.Add(UnknownId);
                return;
            }
            ids.Add(id);
            start = end;
        }
    }

    /// <summary>Per-thread buffers, so that encoding allocates only its result.</summary>
    private sealed class Scratch
    {
        public List<int> Ids { get; } = new(1024);

        public char[] Word { get; private set; } = new char[256];

        public int WordLength { get; set; }

        public int WordCodePoints { get; set; }

        /// <summary>Room for <paramref name="length"/> more characters in the current word.</summary>
        public void Reserve(int length)
        {
            if (WordLength + length > Word.Length)
            {
                Word = [.. Word.AsSpan(0, WordLength), .. new char[length + Word.Length]];
            }
        }

        public void Append(char c)
        {
            if (WordLength == Word.Length)
            {
                Word = [.. Word, .. new char[Word.Length]];
            }
            Word[WordLength++] = c;
            WordCodePoints++;
        }

        public void AppendCodePoint(int codePoint)
        {
            if (codePoint < 0x10000)
            {
                Append((char)codePoint);
            }
            else
            {
                string pair = char.ConvertFromUtf32(codePoint);
                Append(pair[0]);
                Append(pair[1]);
                WordCodePoints--;
            }
        }
    }
}
