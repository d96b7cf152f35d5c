using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToxicComments.Tokenization;

/// <summary>
/// Builds a <see cref="BertWordPieceTokenizer"/> from what a Hugging Face model folder holds, as
/// <c>AutoTokenizer.from_pretrained</c> does for BERT-style models: <c>tokenizer.json</c> when present (vocab,
/// normalizer and WordPiece settings), else <c>vocab.txt</c>; <c>tokenizer_config.json</c> and
/// <c>special_tokens_map.json</c> for casing, special tokens and <c>model_max_length</c>.
/// </summary>
public static class BertTokenizerFiles
{
    /// <summary>Longest <c>model_max_length</c> taken at face value; larger ones are Hugging Face's "no limit" sentinel.</summary>
    private const int NoLimitSentinel = 1_000_000;

    /// <summary>Loads the tokenizer of the model in <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder holds neither vocab.txt nor tokenizer.json.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names the file and the key or line.</exception>
    public static BertWordPieceTokenizer Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such model folder.");
        }
        var options = new BertTokenizerOptions();
        string config = Path.Combine(folder, "tokenizer_config.json");
        if (File.Exists(config))
        {
            options = ApplyTokenizerConfig(options, ReadJson(config), config);
        }
        string specialTokens = Path.Combine(folder, "special_tokens_map.json");
        if (File.Exists(specialTokens))
        {
            options = ApplySpecialTokens(options, ReadJson(specialTokens), specialTokens);
        }

        string tokenizerJson = Path.Combine(folder, "tokenizer.json");
        string vocabTxt = Path.Combine(folder, "vocab.txt");
        if (File.Exists(tokenizerJson))
        {
            (IReadOnlyList<string> tokens, options) = ReadTokenizerJson(ReadJson(tokenizerJson), options, tokenizerJson);
            return new BertWordPieceTokenizer(new WordPieceVocabulary(tokens, options.ContinuingSubwordPrefix), options, tokenizerJson);
        }
        if (File.Exists(vocabTxt))
        {
            using var reader = new StreamReader(vocabTxt);
            return FromVocab(reader, vocabTxt, options);
        }
        throw new FileNotFoundException($"{folder}: no vocab.txt or tokenizer.json (a BERT model folder holds one of them).", vocabTxt);
    }

    /// <summary>A tokenizer over a <c>vocab.txt</c> read from <paramref name="vocab"/>.</summary>
    public static BertWordPieceTokenizer FromVocab(TextReader vocab, string source, BertTokenizerOptions options) =>
        new(new WordPieceVocabulary(WordPieceVocabulary.ReadVocabTxt(vocab, source), options.ContinuingSubwordPrefix), options, source);

    private static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}: {e.Message.Split('.')[0]}).", e);
        }
    }

    private static BertTokenizerOptions ApplyTokenizerConfig(BertTokenizerOptions options, JsonObject config, string path)
    {
        options = ApplySpecialTokens(options, config, path);
        long? maxLength = Number(config, "model_max_length", path);
        return options with
        {
            LowerCase = Bool(config, "do_lower_case", path) ?? options.LowerCase,
            StripAccents = config.ContainsKey("strip_accents") ? Bool(config, "strip_accents", path) : options.StripAccents,
            TokenizeChineseChars = Bool(config, "tokenize_chinese_chars", path) ?? options.TokenizeChineseChars,
            ModelMaxLength = maxLength is > 0 and < NoLimitSentinel ? (int)maxLength : options.ModelMaxLength,
        };
    }

    private static BertTokenizerOptions ApplySpecialTokens(BertTokenizerOptions options, JsonObject map, string path) => options with
    {
        UnknownToken = Token(map, "unk_token", path) ?? options.UnknownToken,
        ClassifierToken = Token(map, "cls_token", path) ?? options.ClassifierToken,
        SeparatorToken = Token(map, "sep_token", path) ?? options.SeparatorToken,
        PaddingToken = Token(map, "pad_token", path) ?? options.PaddingToken,
        MaskToken = Token(map, "mask_token", path) ?? options.MaskToken,
    };

    private static (IReadOnlyList<string> Tokens, BertTokenizerOptions Options) ReadTokenizerJson(JsonObject root, BertTokenizerOptions options, string path)
    {
        JsonObject model = root["model"] as JsonObject ?? throw Malformed(path, "model", "missing");
        string? type = Text(model, "type", path, "model.type");
        if (type != "WordPiece")
        {
            throw Malformed(path, "model.type", $"is '{type}'; only WordPiece (BERT-style) tokenizers are supported");
        }
        if (root["normalizer"] is JsonObject normalizer)
        {
            if (Text(normalizer, "type", path, "normalizer.type") != "BertNormalizer")
            {
                throw Malformed(path, "normalizer.type", $"is '{normalizer["type"]}'; only BertNormalizer is supported");
            }
            options = options with
            {
                CleanText = Bool(normalizer, "clean_text", path) ?? options.CleanText,
                TokenizeChineseChars = Bool(normalizer, "handle_chinese_chars", path) ?? options.TokenizeChineseChars,
                LowerCase = Bool(normalizer, "lowercase", path) ?? options.LowerCase,
                StripAccents = normalizer.ContainsKey("strip_accents") ? Bool(normalizer, "strip_accents", path) : options.StripAccents,
            };
        }
        options = options with
        {
            UnknownToken = Text(model, "unk_token", path, "model.unk_token") ?? options.UnknownToken,
            ContinuingSubwordPrefix = Text(model, "continuing_subword_prefix", path, "model.continuing_subword_prefix") ?? options.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = (int?)Number(model, "max_input_chars_per_word", path) ?? options.MaxInputCharsPerWord,
        };

        JsonObject vocab = model["vocab"] as JsonObject ?? throw Malformed(path, "model.vocab", "missing");
        var tokens = new string?[vocab.Count];
        foreach ((string token, JsonNode? idNode) in vocab)
        {
            int id = idNode is JsonValue value && value.TryGetValue(out int number) ? number : -1;
            if (id < 0 || id >= tokens.Length || tokens[id] is not null)
            {
                throw Malformed(path, $"model.vocab[\"{token}\"]", $"id {id} is out of range or taken twice");
            }
            tokens[id] = token;
        }
        return (tokens!, options);
    }

    private static string? Token(JsonObject map, string key, string path) => map[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonObject added when added["content"] is JsonValue content && content.TryGetValue(out string? text) => text,
        _ => throw Malformed(path, key, "is neither a string nor an object with \"content\""),
    };

    // A value of another JSON type is named with its file and key, where GetValue would throw InvalidOperationException.
    private static string? Text(JsonObject map, string key, string path, string name) => map[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => throw Malformed(path, name, "is not a string"),
    };

    private static bool? Bool(JsonObject map, string key, string path) => map[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out bool flag) => flag,
        _ => throw Malformed(path, key, "is not true, false or null"),
    };

    private static long? Number(JsonObject map, string key, string path) => map[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out long number) => number,
        JsonValue value when value.TryGetValue(out double number) => number > long.MaxValue ? long.MaxValue : (long)number,
        _ => throw Malformed(path, key, "is not a number"),
    };

    private static InvalidDataException Malformed(string path, string key, string problem) => new($"{path}: '{key}' {problem}.");
}
