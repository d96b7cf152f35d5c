using System.Text;
using ToxicComments.Data;
using ToxicComments.Data.Loading;

namespace ToxicComments.Tests.Data.Loading;

/// <summary>
/// Files over a megabyte are scanned on several cores in chunks of whole records; these check that a chunked
/// read gives exactly what a sequential read gives: the same rows, the same line numbers, the same first error.
/// </summary>
public sealed class JigsawReaderLargeFileTests
{
    private const int Rows = 12_000;

    [Fact]
    public void ReadTrain_LargeFile_ReturnsEveryRowAsWritten()
    {
        LargeFile file = LargeFile.Build();

        CommentSet comments = JigsawReader.ReadTrain(file.Bytes(), "train.csv");

        Assert.True(file.Bytes().Length > 2 << 20, "the file must be large enough to be read in chunks");
        Assert.Equal(file.Comments, comments);
    }

    [Fact]
    public void ReadTrain_LargeFileWithFilter_ReturnsTheKeptRowsAndCountsAll()
    {
        LargeFile file = LargeFile.Build();

        CommentSet kept = JigsawReader.ReadTrain(file.Bytes(), "train.csv", labels => labels.HasFlag(ToxicLabels.Insult));

        Assert.Equal(file.Comments.Where(c => c.Labels.HasFlag(ToxicLabels.Insult)), kept);
        Assert.Equal(Rows, kept.SourceRows);
    }

    [Fact]
    public void ReadTest_LargeFiles_LineNumbersInTheSecondHalfAreExact()
    {
        // The join reports lines of test.csv; make its last id unknown to test_labels.csv.
        LargeFile file = LargeFile.Build();
        var comments = new StringBuilder("id,comment_text\n");
        var labels = new StringBuilder("id,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
        foreach (Comment comment in file.Comments)
        {
            comments.Append(comment.Id).Append(",\"").Append(comment.Text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
            labels.Append(comment.Id == file.Comments[^1].Id ? "other" : comment.Id).Append(",0,0,0,0,0,0\n");
        }

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTest(
            Encoding.UTF8.GetBytes(comments.ToString()), "test.csv", Encoding.UTF8.GetBytes(labels.ToString()), "test_labels.csv"));

        Assert.Contains($"test.csv line {file.Lines[^1]}", error.Message);
    }

    [Fact]
    public void ReadTrain_LargeFileBadLabelLate_NamesTheExactLine()
    {
        LargeFile file = LargeFile.Build(badLabelAt: Rows - 100);

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(file.Bytes(), "train.csv"));

        Assert.Equal(file.Lines[Rows - 100], error.Line);
        Assert.Equal("threat", error.Column);
    }

    [Fact]
    public void ReadTrain_LargeFileTwoBadRows_ReportsTheFirst()
    {
        LargeFile file = LargeFile.Build(badLabelAt: Rows - 10, secondBadLabelAt: 50);

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(file.Bytes(), "train.csv"));

        Assert.Equal(file.Lines[50], error.Line);
    }

    [Fact]
    public void ReadTrain_LargeFileDuplicateAcrossHalves_NamesBothLines()
    {
        LargeFile file = LargeFile.Build(duplicateOfFirstAt: Rows - 1);

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(file.Bytes(), "train.csv"));

        Assert.Equal(file.Lines[Rows - 1], error.Line);
        Assert.Contains($"(first on line {file.Lines[0]})", error.Message);
    }

    [Fact]
    public void ReadTrain_LargeFileQuoteInUnquotedField_ReadsItLiterally()
    {
        // A stray quote breaks the quote-parity arithmetic that finds chunk boundaries; the reader must notice.
        LargeFile file = LargeFile.Build(unquotedTextWithQuoteAt: 10);

        CommentSet comments = JigsawReader.ReadTrain(file.Bytes(), "train.csv");

        Assert.Equal(file.Comments, comments);
        Assert.Equal("5\" nails; said he", comments[10].Text);
    }

    [Fact]
    public void ReadTrain_LargeFileUnterminatedQuoteEarly_NamesTheLineItOpened()
    {
        LargeFile file = LargeFile.Build(unterminatedAt: 20);

        var error = Assert.Throws<JigsawFormatException>(() => JigsawReader.ReadTrain(file.Bytes(), "train.csv"));

        Assert.Equal(file.Lines[20], error.Line);
        Assert.Equal("comment_text", error.Column);
    }

    private sealed class LargeFile
    {
        private readonly StringBuilder csv = new("\"id\",\"comment_text\",\"toxic\",\"severe_toxic\",\"obscene\",\"threat\",\"insult\",\"identity_hate\"\n");
        private int line = 2;

        public List<Comment> Comments { get; } = [];

        /// <summary>The line each row starts on, counted as the file is written.</summary>
        public List<int> Lines { get; } = [];

        public byte[] Bytes() => Encoding.UTF8.GetBytes(csv.ToString());

        public static LargeFile Build(int badLabelAt = -1, int secondBadLabelAt = -1, int duplicateOfFirstAt = -1,
                                      int unquotedTextWithQuoteAt = -1, int unterminatedAt = -1)
        {
            var file = new LargeFile();
            for (int row = 0; row < Rows; row++)
            {
                string id = row == duplicateOfFirstAt ? "row0" : $"row{row}";
                var labels = (ToxicLabels)(row % 64);
                // Multi-line text with doubled quotes, CRLF inside some comments, and non-ASCII text.
                string text = row == unquotedTextWithQuoteAt
                    ? "5\" nails, said he"
                    : $"Comment {row} says \"hello\"\nand goes on{(row % 7 == 0 ? "\r\n\r\n" : " ")}with café ☕ {new string('x', 150 + (row % 100))}";
                if (row == unquotedTextWithQuoteAt)
                {
                    text = text.Replace(",", ";", StringComparison.Ordinal);
                }
                if (row == unterminatedAt)
                {
                    text = text.Replace('"', '\'');
                }
                file.Lines.Add(file.line);
                if (row != badLabelAt && row != secondBadLabelAt && row != unterminatedAt)
                {
                    file.Comments.Add(new Comment(id, text, labels));
                }
                file.csv.Append('"').Append(id).Append("\",");
                file.csv.Append(row == unquotedTextWithQuoteAt ? text : $"\"{(row == unterminatedAt ? text : text.Replace("\"", "\"\"", StringComparison.Ordinal))}{(row == unterminatedAt ? "" : "\"")}");
                for (int label = 0; label < LabelNames.Count; label++)
                {
                    bool bad = (row == badLabelAt || row == secondBadLabelAt) && LabelNames.All[label] == "threat";
                    file.csv.Append(',').Append(bad ? "2" : labels.Has(label) ? "1" : "0");
                }
                file.csv.Append('\n');
                file.line += 1 + text.Count(c => c == '\n');
            }
            return file;
        }
    }
}
