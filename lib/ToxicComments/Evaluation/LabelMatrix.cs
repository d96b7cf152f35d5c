using ToxicComments.Data;

namespace ToxicComments.Evaluation;

/// <summary>Checks and conversions shared by the metrics: rows are comments, columns are labels.</summary>
internal static class LabelMatrix
{
    public static int[,] ToInts(bool[,] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var ints = new int[labels.GetLength(0), labels.GetLength(1)];
        for (int i = 0; i < labels.GetLength(0); i++)
        {
            for (int j = 0; j < labels.GetLength(1); j++)
            {
                ints[i, j] = labels[i, j] ? 1 : 0;
            }
        }

        return ints;
    }

    /// <summary>Throws unless there is at least one row and one column and every value is 0 or 1.</summary>
    public static void CheckBinary(int[,] labels, string name)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        if (labels.GetLength(0) == 0 || labels.GetLength(1) == 0)
        {
            // scikit-learn raises too: every average would be 0/0.
            throw new ArgumentException($"{name} is {labels.GetLength(0)} x {labels.GetLength(1)}; expected at least one row and one label.", name);
        }

        for (int i = 0; i < labels.GetLength(0); i++)
        {
            for (int j = 0; j < labels.GetLength(1); j++)
            {
                if (labels[i, j] is not (0 or 1))
                {
                    throw new ArgumentException($"{name}[{i}, {j}] is {labels[i, j]}; expected 0 or 1.", name);
                }
            }
        }
    }

    /// <summary>Throws unless every score is a finite number.</summary>
    public static void CheckFinite(double[,] scores, string name)
    {
        ArgumentNullException.ThrowIfNull(scores, name);
        for (int i = 0; i < scores.GetLength(0); i++)
        {
            for (int j = 0; j < scores.GetLength(1); j++)
            {
                if (!double.IsFinite(scores[i, j]))
                {
                    throw new ArgumentException($"{name}[{i}, {j}] is {scores[i, j]}; expected a finite number.", name);
                }
            }
        }
    }

    public static void CheckSameShape(Array expected, Array actual, string name)
    {
        if (expected.GetLength(0) != actual.GetLength(0) || expected.GetLength(1) != actual.GetLength(1))
        {
            throw new ArgumentException(
                $"{name} is {actual.GetLength(0)} x {actual.GetLength(1)}; the true labels are {expected.GetLength(0)} x {expected.GetLength(1)}.",
                name);
        }
    }

    /// <summary>The names of the columns: the given ones, Kaggle's six when there are six columns, else 0, 1, 2...</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string>? names, int columns)
    {
        if (names is not null)
        {
            return names.Count == columns
                ? names.ToArray()
                : throw new ArgumentException($"{names.Count} label names for {columns} label columns.", nameof(names));
        }

        return columns == LabelNames.Count
            ? LabelNames.All
            : Enumerable.Range(0, columns).Select(j => j.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public static double[] Column(double[,] values, int column)
    {
        var result = new double[values.GetLength(0)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i, column];
        }

        return result;
    }

    public static int[] Column(int[,] values, int column)
    {
        var result = new int[values.GetLength(0)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i, column];
        }

        return result;
    }
}
