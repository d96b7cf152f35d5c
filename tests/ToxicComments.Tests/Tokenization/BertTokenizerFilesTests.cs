using ToxicComments.Hub;
using ToxicComments.Tests.Support;
using ToxicComments.Tokenization;

namespace ToxicComments.Tests.Tokenization;

public sealed class BertTokenizerFilesTests
{
    [Fact]
    public void Load_VocabTxtWithCrlfAndConfig_ReadsCasingLengthAndTokens()
    {
        using var temp = new TempFolder();
        temp.Write("vocab.txt", "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\nhello\r\n##s\r\nHello\r\n");
        temp.Write("tokenizer_config.json", """{"do_lower_case": false, "model_max_length": 128, "cls_token": {"content": "[CLS]"}}""");

        BertWordPieceTokenizer tokenizer = BertTokenizerFiles.Load(temp.Path);

        Assert.Equal(8, tokenizer.Vocabulary.Count);
        Assert.Equal(128, tokenizer.Options.ModelMaxLength);
        Assert.Equal([2, 7, 6, 3], tokenizer.Encode("Hellos"));
        Assert.Equal([2, 1, 3], tokenizer.Encode("hellO"));
    }

    [Fact]
    public void Load_NoLimitSentinelAsMaxLength_KeepsTheDefault()
    {
        using var temp = new TempFolder();
        temp.Write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
        temp.Write("tokenizer_config.json", """{"model_max_length": 1000000000000000019884624838656}""");

        Assert.Equal(512, BertTokenizerFiles.Load(temp.Path).Options.ModelMaxLength);
    }

    [Fact]
    public void Load_MissingFolder_NamesIt()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => BertTokenizerFiles.Load("/no/such/model"));

        Assert.Contains("/no/such/model", error.Message);
    }

    [Fact]
    public void Load_FolderWithoutVocab_NamesTheFolderAndTheFilesItNeeds()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => BertTokenizerFiles.Load(temp.Path));

        Assert.Contains(temp.Path, error.Message);
        Assert.Contains("vocab.txt or tokenizer.json", error.Message);
    }

    [Theory]
    [InlineData("[PAD]\n[UNK]\n\n[CLS]\n", "vocab.txt:3: empty token")]
    [InlineData("[PAD]\n[UNK]\n[PAD]\n", "vocab.txt:3: token '[PAD]' is already on line 1")]
    [InlineData("", "vocab.txt: the vocabulary is empty")]
    [InlineData("[PAD]\n[UNK]\n[SEP]\n", "vocab.txt: the special token '[CLS]' is not in the vocabulary")]
    public void Load_MalformedVocab_NamesTheFileAndLine(string vocab, string expected)
    {
        using var temp = new TempFolder();
        temp.Write("vocab.txt", vocab);

        var error = Assert.Throws<InvalidDataException>(() => BertTokenizerFiles.Load(temp.Path));

        Assert.Equal(Path.Combine(temp.Path, expected), error.Message[..(temp.Path.Length + 1 + expected.Length)]);
    }

    [Fact]
    public void Load_TruncatedTokenizerJson_NamesTheFileAndLine()
    {
        using var temp = new TempFolder();
        temp.Write("tokenizer.json", "{\n  \"model\": {\n    \"type\": \"WordPiece\",\n    \"vocab\": {\"[PAD]\": 0,");

        var error = Assert.Throws<InvalidDataException>(() => BertTokenizerFiles.Load(temp.Path));

        Assert.StartsWith($"{Path.Combine(temp.Path, "tokenizer.json")}: not valid JSON (line 4", error.Message);
    }

    [Fact]
    public void Load_TokenizerJsonOfAnotherModelType_SaysWhichKey()
    {
        using var temp = new TempFolder();
        temp.Write("tokenizer.json", """{"model": {"type": "BPE", "vocab": {}}}""");

        var error = Assert.Throws<InvalidDataException>(() => BertTokenizerFiles.Load(temp.Path));

        Assert.Contains("'model.type' is 'BPE'", error.Message);
    }

    [Fact]
    public void Encode_LongText_TruncatesToMaxLengthKeepingSeparator()
    {
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();
        string text = string.Join(' ', Enumerable.Repeat("hello", 20));

        int[] ids = tokenizer.Encode(text, 8, out bool truncated);
        int[] whole = tokenizer.Encode(text, 512, out bool wholeTruncated);

        Assert.True(truncated);
        Assert.False(wholeTruncated);
        Assert.Equal(8, ids.Length);
        Assert.Equal(tokenizer.ClassifierId, ids[0]);
        Assert.Equal(tokenizer.SeparatorId, ids[^1]);
        Assert.Equal(whole[..7], ids[..7]);
        Assert.Equal(22, whole.Length);
    }

    [Fact]
    public void Tokenize_Comment_GivesWordPiecesWithoutSpecialTokens()
    {
        Assert.Equal(["you", "are", "an", "idiot", "##ic", "mor", "##on", "!"], OfflineModel.Tokenizer().Tokenize("You are an IDIOTic MORON!"));
    }

    [Fact]
    public void Encode_LoneSurrogate_IsDroppedLikeHuggingFacesReplacementCharacter()
    {
        BertWordPieceTokenizer tokenizer = OfflineModel.Tokenizer();

        Assert.Equal(tokenizer.Encode("ab"), tokenizer.Encode("a\uD800b"));
    }
}
