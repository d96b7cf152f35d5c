using System.Globalization;
using ToxicComments.IO;

namespace ToxicComments.Evaluation;

/// <summary>
/// <c>predictions.csv</c>: one row per comment, <c>id</c>, the probability of each label, then the true value of each
/// label (<c>true_toxic</c>, ...). The first columns are Kaggle's submission layout (id and one probability per label
/// under the label's name), so the file can be submitted or compared with one as it is.
/// </summary>
public static class PredictionsCsv
{
    /// <summary>Writes the file atomically; probabilities in round-trip form, so reading them back gives the same doubles.</summary>
    public static void Write(string path, IReadOnlyList<string> ids, double[,] probabilities, int[,] labels, IReadOnlyList<string>? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckFinite(probabilities, nameof(probabilities));
        LabelMatrix.CheckSameShape(labels, probabilities, nameof(probabilities));
        if (ids.Count != probabilities.GetLength(0))
        {
            throw new ArgumentException($"{ids.Count} ids for {probabilities.GetLength(0)} rows of probabilities.", nameof(ids));
        }

        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, probabilities.GetLength(1));
        AtomicFile.WriteText(path, writer =>
        {
            writer.Write("id");
            foreach (string name in names)
            {
                writer.Write(',');
                writer.Write(name);
            }
            foreach (string name in names)
            {
                writer.Write(",true_");
                writer.Write(name);
            }
            writer.Write('\n');
            for (int row = 0; row < ids.Count; row++)
            {
                writer.Write(Quoted(ids[row]));
                for (int j = 0; j < names.Count; j++)
                {
                    writer.Write(',');
                    writer.Write(probabilities[row, j].ToString("R", CultureInfo.InvariantCulture));
                }
                for (int j = 0; j < names.Count; j++)
                {
                    writer.Write(',');
                    writer.Write(labels[row, j] == 1 ? '1' : '0');
                }
                writer.Write('\n');
            }
        });
    }

    // Kaggle's ids need no quotes; any other id with a comma, a quote or a line break gets RFC 4180 quoting.
    private static string Quoted(string id) =>
        id.AsSpan().IndexOfAny(",\"\r\n") < 0 ? id : "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
