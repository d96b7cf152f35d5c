namespace ToxicComments.Tokenization;

/// <summary>
/// How a BERT WordPiece tokenizer normalizes and splits text: the settings of Hugging Face's
/// <c>BertNormalizer</c>, <c>WordPiece</c> model and special tokens. The defaults are bert-base-uncased's.
/// </summary>
public sealed record BertTokenizerOptions
{
    /// <summary>Lower-case the text (<c>do_lower_case</c>, <c>lowercase</c>): true for uncased models.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Remove accents (NFD, then drop non-spacing marks); null means "as <see cref="LowerCase"/>", Hugging Face's rule.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>Put spaces around CJK ideographs, so each is a word (<c>tokenize_chinese_chars</c>).</summary>
    public bool TokenizeChineseChars { get; init; } = true;

    /// <summary>Remove control characters and turn whitespace into spaces (<c>clean_text</c>).</summary>
    public bool CleanText { get; init; } = true;

    /// <summary>Longer words (in code points, after normalization) become the unknown token.</summary>
    public int MaxInputCharsPerWord { get; init; } = 100;

    /// <summary>The longest sequence the model accepts, special tokens included (<c>model_max_length</c>).</summary>
    public int ModelMaxLength { get; init; } = 512;

    /// <summary>The prefix of pieces that continue a word.</summary>
    public string ContinuingSubwordPrefix { get; init; } = "##";

    /// <summary>The unknown token.</summary>
    public string UnknownToken { get; init; } = "[UNK]";

    /// <summary>The token that starts every sequence; its final hidden state feeds the classifier.</summary>
    public string ClassifierToken { get; init; } = "[CLS]";

    /// <summary>The token that ends every sequence.</summary>
    public string SeparatorToken { get; init; } = "[SEP]";

    /// <summary>The padding token.</summary>
    public string PaddingToken { get; init; } = "[PAD]";

    /// <summary>The mask token (masked language modelling).</summary>
    public string MaskToken { get; init; } = "[MASK]";

    /// <summary>Whether accents are stripped, with Hugging Face's default applied.</summary>
    public bool StripsAccents => StripAccents ?? LowerCase;

    /// <summary>The special tokens, which are matched literally in raw text, as <c>BertTokenizerFast</c> does.</summary>
    public IEnumerable<string> SpecialTokens => [PaddingToken, UnknownToken, ClassifierToken, SeparatorToken, MaskToken];
}
