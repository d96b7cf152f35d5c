using System.Text;
using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Data.Loading;

public sealed class JigsawReaderTests
{
    private const string Header = "\"id\",\"comment_text\",\"toxic\",\"severe_toxic\",\"obscene\",\"threat\",\"insult\",\"identity_hate\"\n";

    [Fact]
    public void ReadTrain_KaggleQuoting_KeepsLineBreaksAndUndoesDoubledQuotes()
    {
        string csv = Header
            + "\"a1\",\"Explanation\nWhy the edits?\n\n\"\"Quoted\"\" words\",0,0,0,0,0,0\n"
            + "\"a2\",\"you idiot\",1,0,0,0,1,0\n";

        CommentSet comments = Read(csv);

        Assert.Equal(2, comments.Count);
        Assert.Equal(new Comment("a1", "Explanation\nWhy the edits?\n\n\"Quoted\" words", ToxicLabels.None), comments[0]);
        Assert.Equal(ToxicLabels.Toxic | ToxicLabels.Insult, comments[1].Labels);
    }

    [Fact]
    public void ReadTrain_BomAndCrlf_ReadsLikeThePlainFile()
    {
        string plain = Header + "\"a1\",\"one\ntwo\",0,0,1,0,0,0\n\"a2\",\"three\",1,1,0,0,0,0\n";
        // Line ends become CRLF; the line break inside the quoted comment stays as written.
        string crlf = Header.Replace("\n", "\r\n") + "\"a1\",\"one\ntwo\",0,0,1,0,0,0\r\n\"a2\",\"three\",1,1,0,0,0,0\r\n";
        byte[] withBomAndCrlf = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(crlf)];

        CommentSet expected = Read(plain);
        CommentSet actual = JigsawReader.ReadTrain(withBomAndCrlf, "train.csv");

        Assert.Equal(expected.Select(c => c.Id), actual.Select(c => c.Id));
        Assert.Equal(expected.Select(c => c.Labels), actual.Select(c => c.Labels));
        Assert.Equal("one\ntwo", actual[0].Text);
    }

    [Fact]
    public void ReadTrain_UnquotedFieldsAndNoFinalNewline_Reads()
    {
        CommentSet comments = Read("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\nb7,plain words,0,0,0,1,0,0");

        Assert.Equal(new Comment("b7", "plain words", ToxicLabels.Threat), Assert.Single(comments));
    }

    [Fact]
    public void ReadTrain_ColumnsInAnotherOrder_MapsByName()
    {
        CommentSet comments = Read("toxic,id,severe_toxic,obscene,threat,insult,identity_hate,comment_text\n1,x,0,0,0,0,1,\"hi\"\n");

        Assert.Equal(new Comment("x", "hi", ToxicLabels.Toxic | ToxicLabels.IdentityHate), Assert.Single(comments));
    }

    [Fact]
    public void ReadTrain_MissingColumn_NamesTheColumnOnLineOne()
    {
        var error = ReadFails("\"id\",\"comment_text\",\"toxic\",\"severe_toxic\",\"obscene\",\"insult\",\"identity_hate\"\n");

        Assert.Equal(1, error.Line);
        Assert.Equal("threat", error.Column);
        Assert.StartsWith("train.csv:1: column 'threat': missing", error.Message);
    }

    [Fact]
    public void ReadTrain_LabelTwo_NamesLineColumnAndValue()
    {
        var error = ReadFails(Header + "\"a\",\"multi\nline\",0,0,0,0,0,0\n\"b\",\"x\",0,0,0,2,0,0\n");

        Assert.Equal("train.csv:4: column 'threat': expected 0 or 1, found '2'", error.Message);
    }

    [Fact]
    public void ReadTrain_UnterminatedQuoteInLastRecord_NamesTheLineWhereItOpened()
    {
        var error = ReadFails(Header + "\"a\",\"fine\",0,0,0,0,0,0\n\"b\",\"never closed,0,0,0,0,0,0\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("comment_text", error.Column);
        Assert.Contains("unterminated quoted field", error.Message);
    }

    [Fact]
    public void ReadTrain_UnterminatedQuoteBeforeMoreRecords_NamesTheLineWhereItOpened()
    {
        // The open quote pairs with the next record's first quote; the parser notices only on line 4.
        var error = ReadFails(Header + "\"a\",\"fine\",0,0,0,0,0,0\n\"b\",\"never closed,0,0,0,0,0,0\n\"c\",\"x\",0,0,0,0,0,0\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("comment_text", error.Column);
        Assert.Contains("runs on to line 4, so its opening quote may never close", error.Message);
    }

    [Fact]
    public void ReadTrain_EmptyFile_SaysSoAndNamesTheExpectedHeader()
    {
        var error = ReadFails("");

        Assert.Null(error.Line);
        Assert.StartsWith("train.csv: the file is empty (expected a header: id,comment_text,toxic,", error.Message);
    }

    [Fact]
    public void ReadTrain_MissingField_NamesTheLine()
    {
        var error = ReadFails(Header + "\"a\",\"x\",0,0,0,0,0\n");

        Assert.Equal("train.csv:2: expected 8 fields, found 7", error.Message);
    }

    [Fact]
    public void ReadTrain_TextAfterClosingQuote_NamesLineAndColumn()
    {
        var error = ReadFails(Header + "\"a\",\"say \"hi\" twice\",0,0,0,0,0,0\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("comment_text", error.Column);
    }

    [Fact]
    public void ReadTrain_DuplicateId_NamesBothLines()
    {
        var error = ReadFails(Header + "\"a\",\"x\",0,0,0,0,0,0\n\"b\",\"y\",0,0,0,0,0,0\n\"a\",\"z\",0,0,0,0,0,0\n");

        Assert.Equal("train.csv:4: column 'id': duplicate id 'a' (first on line 2)", error.Message);
    }

    [Fact]
    public void ReadTrain_MinusOneInTrain_IsRejected()
    {
        var error = ReadFails(Header + "\"a\",\"x\",-1,-1,-1,-1,-1,-1\n");

        Assert.Equal("toxic", error.Column);
        Assert.Contains("expected 0 or 1, found '-1'", error.Message);
    }

    [Fact]
    public void ReadTrain_MissingFile_NamesThePath()
    {
        var error = Assert.Throws<FileNotFoundException>(() => JigsawReader.ReadTrain("/no/such/train.csv"));

        Assert.Contains("/no/such/train.csv", error.Message);
    }

    [Fact]
    public void ReadTest_UnscoredRows_AreKeptAndMarked()
    {
        using var temp = new TempFolder();
        string test = temp.Write("test.csv", "id,comment_text\nt1,\"hello\"\nt2,\"you moron\"\n");
        string labels = temp.Write("test_labels.csv", "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\nt1,-1,-1,-1,-1,-1,-1\nt2,1,0,0,0,1,0\n");

        CommentSet comments = JigsawReader.ReadTest(test, labels);

        Assert.Equal(new Comment("t1", "hello", ToxicLabels.None, IsScored: false), comments[0]);
        Assert.Equal(new Comment("t2", "you moron", ToxicLabels.Toxic | ToxicLabels.Insult), comments[1]);
        Assert.Equal(1, comments.ScoredCount);
    }

    [Fact]
    public void ReadTest_PartlyUnscoredRow_IsRejected()
    {
        using var temp = new TempFolder();
        string test = temp.Write("test.csv", "id,comment_text\nt1,\"hello\"\n");
        string labels = temp.Write("test_labels.csv", "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\nt1,-1,0,-1,-1,-1,-1\n");

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTest(test, labels));

        Assert.Equal(labels, error.FilePath);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void ReadTest_IdMissingFromLabels_NamesTheId()
    {
        using var temp = new TempFolder();
        string test = temp.Write("test.csv", "id,comment_text\nt1,\"hello\"\nt2,\"bye\"\n");
        string labels = temp.Write("test_labels.csv", "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\nt1,0,0,0,0,0,0\n");

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTest(test, labels));

        Assert.Contains("no labels for id 't2'", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void ReadTest_ExtraIdInLabels_NamesTheLine()
    {
        using var temp = new TempFolder();
        string test = temp.Write("test.csv", "id,comment_text\nt1,\"hello\"\n");
        string labels = temp.Write("test_labels.csv", "id,toxic,severe_toxic,obscene,threat,insult,identity_hate\nt1,0,0,0,0,0,0\nt9,0,0,0,0,0,0\n");

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTest(test, labels));

        Assert.Equal(3, error.Line);
        Assert.Contains("'t9' is not in", error.Message);
    }

    private static CommentSet Read(string csv) => JigsawReader.ReadTrain(Encoding.UTF8.GetBytes(csv), "train.csv");

    private static JigsawFormatException ReadFails(string csv)
    {
        var error = Assert.Throws<JigsawFormatException>(() => Read(csv));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
