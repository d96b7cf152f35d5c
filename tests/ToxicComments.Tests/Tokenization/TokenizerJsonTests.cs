using System.Text.Json.Nodes;
using ToxicComments.Hub;
using ToxicComments.Tokenization;
using ToxicComments.Tests.Support;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace ToxicComments.Tests.Tokenization;

/// <summary>
/// The <c>tokenizer.json</c> every saved folder carries: read by Hugging Face's Rust tokenizer (Tokenizers.DotNet, in
/// process) it gives this library's ids, text by text, and it says what Hugging Face's own <c>Tokenizer.save</c> says.
/// </summary>
public sealed class TokenizerJsonTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizer");

    [Fact]
    public void Write_OfflineTokenizer_IsWhatHuggingFaceSavesForTheSameVocabulary()
    {
        using var temp = new TempFolder();
        using (FileStream stream = File.Create(temp.File("tokenizer.json")))
        {
            TokenizerJson.Write(OfflineModel.Tokenizer(), stream, truncateTo: 512);
        }

        JsonNode ours = JsonNode.Parse(File.ReadAllText(temp.File("tokenizer.json")))!;
        JsonNode huggingFace = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, "tokenizer.json")))!;
        // The one difference in form: unset strip_accents is null ("as lowercase"), which the fixture spelled out.
        Assert.Null(ours["normalizer"]!["strip_accents"]);
        ours["normalizer"]!["strip_accents"] = true;
        Assert.True(JsonNode.DeepEquals(huggingFace, ours), "tokenizer.json differs from Hugging Face's");
    }

    [Theory]
    [InlineData("", "bert-uncased-tricky.jsonl", "bert-uncased-generated.jsonl", "bert-uncased-special-literals.jsonl")]
    [InlineData("cased", "cased/bert-cased-config.jsonl")]
    public void SavedTokenizer_HuggingFacesRustTokenizerGivesOurIds_OnEveryFixtureText(string configuration, params string[] fixtures)
    {
        using var temp = new TempFolder();
        BertWordPieceTokenizer ours = configuration == "" ? OfflineModel.Tokenizer() : BertTokenizerFiles.Load(Path.Combine(Fixtures, configuration));
        ToxicComments.Modeling.PretrainedModels.SaveTokenizer(ours, temp.Path, maxLength: 512);
        using var rust = new HuggingFaceTokenizer(vocabPath: temp.File("tokenizer.json"));
        BertWordPieceTokenizer reloaded = BertTokenizerFiles.Load(temp.Path);

        var failures = new List<string>();
        int texts = 0;
        foreach (string fixture in fixtures)
        {
            foreach (string line in File.ReadLines(Path.Combine(Fixtures, fixture)))
            {
                string text = (string)JsonNode.Parse(line)!["text"]!;
                int[] expected = ours.Encode(text, 512);
                texts++;
                if (!rust.Encode(text).Select(id => (int)id).SequenceEqual(expected) || !reloaded.Encode(text, 512).SequenceEqual(expected))
                {
                    failures.Add(text.Length > 60 ? text[..60] : text);
                }
            }
        }

        Assert.True(texts > (configuration == "" ? 2_000 : 100), $"only {texts} texts");
        Assert.True(failures.Count == 0, $"{failures.Count} of {texts} texts differ, e.g. {string.Join(" | ", failures.Take(5))}");
    }
}
