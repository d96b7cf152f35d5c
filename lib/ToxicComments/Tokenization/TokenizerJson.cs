using System.Text.Encodings.Web;
using System.Text.Json;

namespace ToxicComments.Tokenization;

/// <summary>
/// Writes a tokenizer as Hugging Face's <c>tokenizer.json</c>, the one file that the Rust tokenizers (and the
/// serving stacks built on them), transformers.js and <c>BertTokenizerFast</c> read: the special tokens, the
/// <c>BertNormalizer</c> and <c>BertPreTokenizer</c>, <c>[CLS] … [SEP]</c>, and the WordPiece model with its
/// vocabulary. Its layout is what <c>Tokenizer.save</c> writes for a BERT tokenizer, so it gives the ids this
/// library's tokenizer gives (the tests check both, text by text).
/// </summary>
public static class TokenizerJson
{
    /// <summary>Writes <paramref name="tokenizer"/> to <paramref name="stream"/> as <c>tokenizer.json</c>.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="truncateTo">
    /// Truncation to this many tokens, special tokens included, as <c>Tokenizer.enable_truncation</c> records it (what a
    /// client that reads only this file applies); null for none. transformers sets its own truncation per call.
    /// </param>
    public static void Write(BertWordPieceTokenizer tokenizer, Stream stream, int? truncateTo)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        BertTokenizerOptions options = tokenizer.Options;
        // Tokens as they are (no \u escapes), as Hugging Face writes them.
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        WriteTruncation(json, truncateTo);
        json.WriteNull("padding");

        json.WriteStartArray("added_tokens");
        foreach ((string token, int id) in options.SpecialTokens.Select(t => (t, tokenizer.Vocabulary.IdOf(t))).Where(t => t.Item2 >= 0).Distinct().OrderBy(t => t.Item2))
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("content", token);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("normalizer");
        json.WriteString("type", "BertNormalizer");
        json.WriteBoolean("clean_text", options.CleanText);
        json.WriteBoolean("handle_chinese_chars", options.TokenizeChineseChars);
        if (options.StripAccents is { } strip)
        {
            json.WriteBoolean("strip_accents", strip);
        }
        else
        {
            json.WriteNull("strip_accents"); // Hugging Face's "as lowercase".
        }
        json.WriteBoolean("lowercase", options.LowerCase);
        json.WriteEndObject();

        json.WriteStartObject("pre_tokenizer");
        json.WriteString("type", "BertPreTokenizer");
        json.WriteEndObject();

        json.WriteStartObject("post_processor");
        json.WriteString("type", "BertProcessing");
        WriteSpecial(json, "sep", options.SeparatorToken, tokenizer.SeparatorId);
        WriteSpecial(json, "cls", options.ClassifierToken, tokenizer.ClassifierId);
        json.WriteEndObject();

        json.WriteStartObject("decoder");
        json.WriteString("type", "WordPiece");
        json.WriteString("prefix", options.ContinuingSubwordPrefix);
        json.WriteBoolean("cleanup", true);
        json.WriteEndObject();

        json.WriteStartObject("model");
        json.WriteString("type", "WordPiece");
        json.WriteString("unk_token", options.UnknownToken);
        json.WriteString("continuing_subword_prefix", options.ContinuingSubwordPrefix);
        json.WriteNumber("max_input_chars_per_word", options.MaxInputCharsPerWord);
        json.WriteStartObject("vocab");
        WordPieceVocabulary vocabulary = tokenizer.Vocabulary;
        for (int id = 0; id < vocabulary.Count; id++)
        {
            // A token listed twice keeps the id this library's tokenizer gives it (a JSON object holds each key once).
            if (vocabulary.IdOf(vocabulary[id]) == id)
            {
                json.WriteNumber(vocabulary[id], id);
            }
        }
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteEndObject();
    }

    private static void WriteTruncation(Utf8JsonWriter json, int? truncateTo)
    {
        if (truncateTo is not { } length)
        {
            json.WriteNull("truncation");
            return;
        }
        json.WriteStartObject("truncation");
        json.WriteString("direction", "Right");
        json.WriteNumber("max_length", length);
        json.WriteString("strategy", "LongestFirst");
        json.WriteNumber("stride", 0);
        json.WriteEndObject();
    }

    private static void WriteSpecial(Utf8JsonWriter json, string name, string token, int id)
    {
        json.WriteStartArray(name);
        json.WriteStringValue(token);
        json.WriteNumberValue(id);
        json.WriteEndArray();
    }
}
