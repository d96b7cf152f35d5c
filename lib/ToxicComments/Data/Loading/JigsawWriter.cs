using ToxicComments.IO;

namespace ToxicComments.Data.Loading;

/// <summary>
/// Writes comments back in Kaggle's layouts, so that every stage's output is a file that the next stage,
/// pandas or Kaggle's own tooling can read. Files are replaced atomically.
/// </summary>
public static class JigsawWriter
{
    /// <summary>Writes <paramref name="comments"/> as a <c>train.csv</c> (quoted like Kaggle's; labels 0/1).</summary>
    /// <exception cref="ArgumentException">A row is not scored: a train file cannot say so.</exception>
    public static void WriteTrain(CommentSet comments, string path)
    {
        if (comments.Any(c => !c.IsScored))
        {
            throw new ArgumentException($"{comments.Source} has unscored rows; write it with {nameof(WriteTest)}.", nameof(comments));
        }
        AtomicFile.WriteText(path, writer =>
        {
            writer.Write("\"id\",\"comment_text\"");
            foreach (string label in LabelNames.All)
            {
                writer.Write($",\"{label}\"");
            }
            writer.Write('\n');
            foreach (Comment comment in comments)
            {
                WriteQuoted(writer, comment.Id);
                writer.Write(',');
                WriteQuoted(writer, comment.Text);
                WriteLabels(writer, comment);
                writer.Write('\n');
            }
        });
    }

    /// <summary>Writes <paramref name="comments"/> as Kaggle's <c>test.csv</c> and <c>test_labels.csv</c>.</summary>
    public static void WriteTest(CommentSet comments, string commentsPath, string labelsPath)
    {
        AtomicFile.WriteText(commentsPath, writer =>
        {
            writer.Write("id,comment_text\n");
            foreach (Comment comment in comments)
            {
                writer.Write(comment.Id);
                writer.Write(',');
                WriteQuoted(writer, comment.Text);
                writer.Write('\n');
            }
        });
        AtomicFile.WriteText(labelsPath, writer =>
        {
            writer.Write("id,");
            writer.Write(string.Join(',', LabelNames.All));
            writer.Write('\n');
            foreach (Comment comment in comments)
            {
                writer.Write(comment.Id);
                WriteLabels(writer, comment);
                writer.Write('\n');
            }
        });
    }

    private static void WriteLabels(TextWriter writer, Comment comment)
    {
        for (int label = 0; label < LabelNames.Count; label++)
        {
            writer.Write(!comment.IsScored ? ",-1" : comment.Labels.Has(label) ? ",1" : ",0");
        }
    }

    private static void WriteQuoted(TextWriter writer, string value)
    {
        writer.Write('"');
        writer.Write(value.Contains('"', StringComparison.Ordinal) ? value.Replace("\"", "\"\"", StringComparison.Ordinal) : value);
        writer.Write('"');
    }
}
