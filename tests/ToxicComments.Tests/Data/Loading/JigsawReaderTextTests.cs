using System.Text;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;

namespace ToxicComments.Tests.Data.Loading;

/// <summary>Files that are not the UTF-8 text Kaggle wrote, and headers that name a column twice: refused, never guessed.</summary>
public sealed class JigsawReaderTextTests
{
    private const string Header = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n";

    [Fact]
    public void ReadTrain_InvalidUtf8_NamesTheLine_EvenInARowTheFilterDrops()
    {
        // Line 3 is a clean comment, which the tutorial's filter would never decode: it is checked all the same.
        byte[] content = [.. Encoding.UTF8.GetBytes(Header + "a1,\"fine\",1,0,0,0,0,0\na2,\"caf"), 0xE9, .. "\",0,0,0,0,0,0\n"u8];

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(content, "train.csv", CommentFilter.Keeps(CommentFilterMode.LabelledOnly)));

        Assert.Equal("train.csv:3: byte 0xE9 (offset 100) is not UTF-8; save the file as UTF-8, as Kaggle's files are", error.Message);
    }

    [Theory]
    [InlineData("utf-16", "the file is UTF-16 (its byte-order mark says so)")]
    [InlineData("utf-32", "the file is UTF-32 (its byte-order mark says so)")]
    public void ReadTrain_Utf16Or32_SaysSo(string encoding, string expected)
    {
        Encoding other = Encoding.GetEncoding(encoding);
        byte[] content = [.. other.GetPreamble(), .. other.GetBytes(Header + "a1,\"fine\",0,0,0,0,0,0\n")];

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(content, "train.csv"));

        Assert.Equal($"train.csv: {expected}; save it as UTF-8, as Kaggle's files are", error.Message);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Fact]
    public void ReadTrain_Utf16WithoutAByteOrderMark_SaysSo()
    {
        byte[] content = Encoding.Unicode.GetBytes(Header + "a1,\"fine\",0,0,0,0,0,0\n");

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(content, "train.csv"));

        Assert.Equal("train.csv: the file is UTF-16 or UTF-32 (its first line holds NUL bytes); save it as UTF-8, as Kaggle's files are", error.Message);
    }

    [Fact]
    public void ReadTrain_ALabelColumnNamedTwice_IsRefused()
    {
        string header = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate,threat\n";

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(Encoding.UTF8.GetBytes(header + "a1,\"x\",0,0,0,0,0,0,1\n"), "train.csv"));

        Assert.Equal("train.csv:1: column 'threat': named twice in the header (columns 6 and 9)", error.Message);
    }
}
