namespace ToxicComments.Data.Loading;

/// <summary>
/// A Jigsaw file that does not match Kaggle's schema. The message is one line that names the file, and where
/// known the line and the column, e.g. <c>train.csv:57: column 'threat': expected 0 or 1, found '2'</c>.
/// </summary>
public sealed class JigsawFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> is 1-based, as an editor shows it.</summary>
    public JigsawFormatException(string filePath, int? line, string? column, string reason)
        : base(Format(filePath, line, column, reason))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line where the offending record starts, if the problem is in one record.</summary>
    public int? Line { get; }

    /// <summary>The column at fault, if one is.</summary>
    public string? Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    private static string Format(string filePath, int? line, string? column, string reason)
    {
        string where = line is null ? filePath : $"{filePath}:{line}";
        return column is null ? $"{where}: {reason}" : $"{where}: column '{column}': {reason}";
    }
}
