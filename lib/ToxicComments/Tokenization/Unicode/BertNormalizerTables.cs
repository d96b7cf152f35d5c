using System.Reflection;
using System.Text.Json;

namespace ToxicComments.Tokenization.Unicode;

/// <summary>
/// Per-code-point behaviour of Hugging Face's <c>BertNormalizer</c> and <c>BertPreTokenizer</c>, read from
/// <c>bert-normalizer-tables.json</c>, which tools/tokenizer-fixtures writes by asking the reference implementation
/// (tokenizers 0.23.2) about every Unicode scalar value. The Rust library classifies characters with its own Unicode
/// tables (general categories as of Unicode 8.0), not the ones .NET ships, so deriving these sets from
/// <see cref="System.Globalization.CharUnicodeInfo"/> would differ on hundreds of newer characters; the tables make
/// the normalizer exact by construction. BMP lookups are one array read; the rest use sorted ranges.
/// </summary>
internal sealed class BertNormalizerTables
{
    private const string ResourceName = "tokenization/bert-normalizer-tables.json";

    private static readonly Lazy<BertNormalizerTables> Shared = new(Load);

    private readonly CharacterClass[] bmp = new CharacterClass[0x10000];
    private readonly Dictionary<int, string> mapped = [];
    private readonly (int First, int Last, CharacterClass Class)[] astral;

    private BertNormalizerTables(JsonElement root)
    {
        var astralRanges = new List<(int, int, CharacterClass)>();
        void Mark(string name, CharacterClass value)
        {
            foreach (JsonElement range in root.GetProperty(name).EnumerateArray())
            {
                int first = range[0].GetInt32(), last = range[1].GetInt32();
                for (int cp = first; cp <= Math.Min(last, 0xFFFF); cp++)
                {
                    bmp[cp] = value == CharacterClass.Punctuation ? bmp[cp] | value : (bmp[cp] & ~CharacterClass.KindMask) | value;
                }
                if (last > 0xFFFF)
                {
                    astralRanges.Add((Math.Max(first, 0x10000), last, value));
                }
            }
        }
        Mark("removed", CharacterClass.Removed);
        Mark("whitespace", CharacterClass.Whitespace);
        Mark("chinese", CharacterClass.Chinese);
        Mark("strippedMark", CharacterClass.StrippedMark);
        Mark("punctuation", CharacterClass.Punctuation);
        for (int cp = 0xAC00; cp <= 0xD7A3; cp++)
        {
            bmp[cp] = (bmp[cp] & ~CharacterClass.KindMask) | CharacterClass.HangulSyllable;
        }
        foreach (JsonElement entry in root.GetProperty("mapped").EnumerateArray())
        {
            int cp = entry[0].GetInt32();
            mapped[cp] = entry[1].GetString()!;
            if (cp <= 0xFFFF)
            {
                bmp[cp] |= CharacterClass.Mapped;
            }
            else
            {
                astralRanges.Add((cp, cp, CharacterClass.Mapped));
            }
        }
        astral = Merge(astralRanges);
    }

    /// <summary>The tables, read once per process.</summary>
    public static BertNormalizerTables Instance => Shared.Value;

    /// <summary>What happens to <paramref name="codePoint"/>.</summary>
    public CharacterClass Classify(int codePoint)
    {
        if (codePoint <= 0xFFFF)
        {
            return bmp[codePoint];
        }
        int low = 0, high = astral.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (astral[middle].Last < codePoint)
            {
                low = middle + 1;
            }
            else if (astral[middle].First > codePoint)
            {
                high = middle - 1;
            }
            else
            {
                return astral[middle].Class;
            }
        }
        return CharacterClass.Keep;
    }

    /// <summary>What the uncased normalizer (NFD, strip accents, lowercase, CJK spacing) turns a mapped code point into.</summary>
    public string Mapping(int codePoint) => mapped[codePoint];

    private static BertNormalizerTables Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in this build.");
        using JsonDocument document = JsonDocument.Parse(stream);
        return new BertNormalizerTables(document.RootElement);
    }

    /// <summary>One class per astral code point: ranges split where flags combine, sorted, non-overlapping.</summary>
    private static (int, int, CharacterClass)[] Merge(List<(int First, int Last, CharacterClass Class)> ranges)
    {
        var bounds = new SortedSet<int>();
        foreach ((int first, int last, _) in ranges)
        {
            bounds.Add(first);
            bounds.Add(last + 1);
        }
        int[] edges = [.. bounds];
        var result = new List<(int, int, CharacterClass)>();
        for (int i = 0; i + 1 < edges.Length; i++)
        {
            int first = edges[i], last = edges[i + 1] - 1;
            CharacterClass value = CharacterClass.Keep;
            foreach ((int f, int l, CharacterClass c) in ranges)
            {
                if (f <= first && last <= l)
                {
                    value = c is CharacterClass.Punctuation or CharacterClass.Mapped ? value | c : (value & ~CharacterClass.KindMask) | c;
                }
            }
            if (value != CharacterClass.Keep)
            {
                result.Add((first, last, value));
            }
        }
        return [.. result];
    }
}
