namespace ToxicComments.Evaluation;

/// <summary>
/// What a metrics file says besides the metrics, so that a number can be traced to what produced it: which data
/// (files, rows, hashes), which model (folder, architecture, hash), and how long each step took.
/// </summary>
/// <param name="Data">Facts about the evaluated data; values are written as JSON (strings, numbers, arrays).</param>
/// <param name="Model">Facts about the model.</param>
/// <param name="TimingsSeconds">Seconds per step, e.g. <c>load_model</c>, <c>score</c>.</param>
public sealed record MetricsContext(
    IReadOnlyDictionary<string, object?> Data,
    IReadOnlyDictionary<string, object?> Model,
    IReadOnlyDictionary<string, double> TimingsSeconds);
