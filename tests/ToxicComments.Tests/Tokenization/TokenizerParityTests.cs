using System.Text.Json;
using ToxicComments.Hub;
using ToxicComments.Tokenization;

namespace ToxicComments.Tests.Tokenization;

/// <summary>
/// Hugging Face's own ids (tokenizers 0.23.2, BertTokenizerFast settings) for hard and comment-like texts
/// (Fixtures/tokenizer/README.md says how they were made): every id must match, on every line.
/// </summary>
public sealed class TokenizerParityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizer");

    public static TheoryData<string> FixtureFiles() =>
        new("bert-uncased-tricky.jsonl", "bert-uncased-generated.jsonl", "bert-uncased-special-literals.jsonl");

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Encode_OfflineModelVocab_SameIdsAsHuggingFaceOnEveryLine(string file)
    {
        AssertParity(OfflineModel.Tokenizer(), file);
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Encode_FromHuggingFaceTokenizerJson_SameIdsAsHuggingFaceOnEveryLine(string file)
    {
        AssertParity(BertTokenizerFiles.Load(Fixtures), file);
    }

    [Fact]
    public void Encode_CasedConfiguration_SameIdsAsHuggingFaceOnEveryLine()
    {
        // The same vocab with lowercase=false and strip_accents=false, as cased models run (cased/README: tools/tokenizer-fixtures/cased.js).
        BertWordPieceTokenizer cased = BertTokenizerFiles.Load(Path.Combine(Fixtures, "cased"));

        Assert.False(cased.Options.LowerCase);
        Assert.False(cased.Options.StripsAccents);
        AssertParity(cased, Path.Combine("cased", "bert-cased-config.jsonl"));
    }

    private static void AssertParity(BertWordPieceTokenizer tokenizer, string file)
    {
        var mismatches = new List<string>();
        int lines = 0;
        foreach (string line in File.ReadLines(Path.Combine(Fixtures, file)))
        {
            lines++;
            using JsonDocument expected = JsonDocument.Parse(line);
            string text = expected.RootElement.GetProperty("text").GetString()!;
            int maxLength = expected.RootElement.GetProperty("max_length").GetInt32();
            int[] ids = expected.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

            int[] actual = tokenizer.Encode(text, maxLength);

            if (!actual.SequenceEqual(ids))
            {
                int at = Enumerable.Range(0, Math.Min(ids.Length, actual.Length)).FirstOrDefault(i => ids[i] != actual[i], Math.Min(ids.Length, actual.Length));
                mismatches.Add($"line {lines}: {JsonSerializer.Serialize(text[..Math.Min(text.Length, 60)])}: first difference at {at}: " +
                               $"expected {Describe(tokenizer, ids, at)}, got {Describe(tokenizer, actual, at)}");
            }
        }
        Assert.True(lines > 0, $"{file} is empty");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {lines} lines differ:\n{string.Join('\n', mismatches.Take(15))}");
    }

    private static string Describe(BertWordPieceTokenizer tokenizer, int[] ids, int at) =>
        at < ids.Length ? $"{ids[at]} '{tokenizer.Vocabulary[ids[at]]}' (of {ids.Length})" : $"end (of {ids.Length})";
}
