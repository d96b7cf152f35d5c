namespace ToxicComments.Tokenization.Unicode;

/// <summary>What Hugging Face's BERT normalizer and pre-tokenizer do with one code point.</summary>
[Flags]
internal enum CharacterClass : byte
{
    /// <summary>Kept as it is.</summary>
    Keep = 0,

    /// <summary>Deleted by clean_text (control and format characters, U+FFFD, private use, ...).</summary>
    Removed = 1,

    /// <summary>Turned into a space by clean_text: a word boundary.</summary>
    Whitespace = 2,

    /// <summary>A CJK ideograph: surrounded by spaces, so each is a word of its own.</summary>
    Chinese = 3,

    /// <summary>A non-spacing mark, deleted when accents are stripped.</summary>
    StrippedMark = 4,

    /// <summary>A precomposed Hangul syllable, decomposed into jamo when accents are stripped (NFD).</summary>
    HangulSyllable = 5,

    /// <summary>The low three bits: one of the values above.</summary>
    KindMask = 7,

    /// <summary>The uncased normalizer (NFD, strip accents, lowercase) maps it to another string.</summary>
    Mapped = 8,

    /// <summary>Split off by the pre-tokenizer as a word of its own.</summary>
    Punctuation = 16,
}
