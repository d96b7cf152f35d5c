using System.Text;
using ToxicComments.Data.Splitting;
using ToxicComments.Hub;
using ToxicComments.Tokenization;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace ToxicComments.Tests.Tokenization;

/// <summary>
/// Random Unicode text, tokenized by this project and by Hugging Face's own Rust tokenizer (Tokenizers.DotNet, in
/// process, loading the reference tokenizer.json): the ids must be identical for every string.
/// </summary>
public sealed class TokenizerPropertyTests
{
    private static readonly string TokenizerJson = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizer", "tokenizer.json");

    /// <summary>Code point ranges to draw from, weighted towards what comments contain and what tokenizers get wrong.</summary>
    private static readonly (int First, int Last, int Weight)[] Ranges =
    [
        (0x20, 0x7E, 30), (0x00, 0x1F, 3), (0x7F, 0xBF, 3), (0xC0, 0x24F, 8), (0x300, 0x36F, 6), (0x370, 0x52F, 4),
        (0x590, 0x6FF, 4), (0x900, 0x97F, 2), (0xE00, 0xE7F, 2), (0x1100, 0x11FF, 2), (0x2000, 0x206F, 5),
        (0x2070, 0x2BFF, 3), (0x3000, 0x30FF, 3), (0x4E00, 0x9FFF, 4), (0xAC00, 0xD7A3, 3), (0xE000, 0xF8FF, 1),
        (0xF900, 0xFAFF, 2), (0xFE00, 0xFFFF, 3), (0x1F300, 0x1FAFF, 6), (0x10000, 0x10FFFF, 4), (0x20000, 0x2FA1F, 2),
        (0xE0000, 0xE007F, 1), (0x80, 0xFFFF, 6),
    ];

    [Fact]
    public void Encode_RandomUnicode_SameIdsAsHuggingFacesRustTokenizer()
    {
        using var reference = new HuggingFaceTokenizer(vocabPath: TokenizerJson);
        BertWordPieceTokenizer ours = OfflineModel.Tokenizer();
        var random = new NumpyRandomState(20_111);
        var failures = new List<string>();

        for (int sample = 0; sample < 3_000 && failures.Count < 10; sample++)
        {
            string text = RandomText(random);
            int[] expected = reference.Encode(text).Select(id => (int)id).ToArray();
            int[] actual = ours.Encode(text, 512);
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"{Escape(text)}: expected [{string.Join(',', expected.Take(20))}], got [{string.Join(',', actual.Take(20))}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string RandomText(NumpyRandomState random)
    {
        int total = Ranges.Sum(r => r.Weight);
        int length = (int)random.Interval(120);
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            int draw = (int)random.Interval((uint)total - 1);
            (int first, int last, _) = Ranges.First(r => (draw -= r.Weight) < 0);
            int codePoint = first + (int)random.Interval((uint)(last - first));
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            text.Append(char.ConvertFromUtf32(codePoint));
            // Spaces keep words short enough for WordPiece to be exercised, not only the 100-character limit.
            if (random.NextDouble() < 0.15)
            {
                text.Append(' ');
            }
        }
        return text.ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => r.Value is >= 0x20 and < 0x7F ? r.ToString() : $"\\u{{{r.Value:X}}}"));
}
