using System.Text.Json;

namespace ToxicComments.NotebookTests;

/// <summary>One output of one executed cell.</summary>
internal sealed record CellOutput(string Type, string Text, string Html, string? ErrorName, string? ErrorValue)
{
    public bool IsError => Type == "error";

    /// <summary>A Plotly.NET chart, as its formatter renders it.</summary>
    public bool IsPlotlyChart => Html.Contains("Plotly chart will be drawn inside this DIV", StringComparison.Ordinal)
                                 && Html.Contains("var data = [{", StringComparison.Ordinal);
}

/// <summary>A code cell with what it showed.</summary>
internal sealed record ExecutedCell(int Index, string Source, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>Everything the cell showed, text and HTML, for substring checks.</summary>
    public string Shown => string.Concat(Outputs.Select(o => o.Text + o.Html));
}

/// <summary>A notebook as the headless kernel wrote it back, outputs included.</summary>
internal sealed class ExecutedNotebook
{
    private ExecutedNotebook(string name, IReadOnlyList<ExecutedCell> cells, string log)
    {
        Name = name;
        Cells = cells;
        Log = log;
    }

    public string Name { get; }

    public IReadOnlyList<ExecutedCell> Cells { get; }

    /// <summary>What the runner printed, for failure messages.</summary>
    public string Log { get; }

    public IEnumerable<CellOutput> Outputs => Cells.SelectMany(c => c.Outputs);

    public int ChartCount => Outputs.Count(o => o.IsPlotlyChart);

    /// <summary>The first cell that failed, described as a reader of the notebook would want it.</summary>
    public string? FirstError()
    {
        ExecutedCell? failed = Cells.FirstOrDefault(c => c.Outputs.Any(o => o.IsError));
        if (failed is null)
        {
            return null;
        }
        CellOutput error = failed.Outputs.First(o => o.IsError);
        string firstLine = failed.Source.Split('\n').FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)) ?? "";
        return $"{Name}, cell {failed.Index} (`{firstLine.Trim()}`): {error.ErrorName}: {error.ErrorValue}";
    }

    /// <summary>The first cell whose source contains <paramref name="code"/>.</summary>
    public ExecutedCell Cell(string code) =>
        Cells.FirstOrDefault(c => c.Source.Contains(code, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{Name} has no cell containing `{code}`");

    public static ExecutedNotebook Read(string name, string path, string log)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<ExecutedCell>();
        int index = 0;
        foreach (JsonElement cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (cell.GetProperty("cell_type").GetString() != "code")
            {
                continue;
            }
            var outputs = cell.GetProperty("outputs").EnumerateArray().Select(ReadOutput).ToList();
            cells.Add(new ExecutedCell(index, Join(cell.GetProperty("source")), outputs));
        }
        return new ExecutedNotebook(name, cells, log);
    }

    private static CellOutput ReadOutput(JsonElement output)
    {
        string type = output.GetProperty("output_type").GetString()!;
        if (type == "error")
        {
            return new CellOutput(type, "", "", output.GetProperty("ename").GetString(), output.GetProperty("evalue").GetString());
        }
        if (type == "stream")
        {
            return new CellOutput(type, Join(output.GetProperty("text")), "", null, null);
        }
        JsonElement data = output.GetProperty("data");
        return new CellOutput(type,
            data.TryGetProperty("text/plain", out JsonElement text) ? Join(text) : "",
            data.TryGetProperty("text/html", out JsonElement html) ? Join(html) : "",
            null, null);
    }

    private static string Join(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";
}
