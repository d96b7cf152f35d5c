using ToxicComments.Data;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.Data.Synthetic;

namespace ToxicComments.Bench;

/// <summary>
/// A file the size and shape of Kaggle's train.csv (159,571 rows, about 80 MB, quoted multi-line comments with
/// doubled quotes), from the synthetic generator: synthetic comments are joined into longer ones with a long
/// tail of lengths, as real talk-page comments have (Kaggle's average about 400 characters, some over 5,000).
/// </summary>
internal static class JigsawSizedFile
{
    public static string Create(string path, int rows, uint seed)
    {
        if (File.Exists(path))
        {
            return path;
        }
        CommentSet pool = SyntheticComments.Generate(rows, seed, "bench");
        var random = new NumpyRandomState(seed);
        var comments = new Comment[rows];
        for (int row = 0; row < rows; row++)
        {
            // Pieces per comment: 1 + a geometric draw, mean about 3.
            int pieces = 1;
            while (pieces < 60 && random.NextDouble() < 0.68)
            {
                pieces++;
            }
            string text = string.Join("\n\n", Enumerable.Range(0, pieces).Select(i => pool[(int)random.Interval((uint)rows - 1)].Text));
            comments[row] = pool[row] with { Text = text };
        }
        JigsawWriter.WriteTrain(new CommentSet(comments, "bench"), path);
        return path;
    }
}
