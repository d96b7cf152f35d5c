using System.Text.Json;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Evaluation;

/// <summary>The cases of tools/sklearn-fixtures/make_metric_fixtures.py and what scikit-learn returned for them.</summary>
internal static class SklearnMetricFixtures
{
    /// <summary>Absolute tolerance against scikit-learn: the arithmetic is the same, only summation order may differ.</summary>
    public const double Tolerance = 1e-12;

    private static readonly JsonFixture Fixture = new("metrics", "sklearn-multilabel-metrics.json");

    public static IReadOnlyList<string> Labels { get; } =
        Fixture.Root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static TheoryData<string> Names() => Fixture.CaseNames();

    public static JsonElement Case(string name) => Fixture.Case(name);

    public static int[,] Ints(JsonElement rows)
    {
        var result = new int[rows.GetArrayLength(), rows[0].GetArrayLength()];
        for (int i = 0; i < result.GetLength(0); i++)
        {
            for (int j = 0; j < result.GetLength(1); j++)
            {
                result[i, j] = rows[i][j].GetInt32();
            }
        }

        return result;
    }

    public static double[,] Doubles(JsonElement rows)
    {
        var result = new double[rows.GetArrayLength(), rows[0].GetArrayLength()];
        for (int i = 0; i < result.GetLength(0); i++)
        {
            for (int j = 0; j < result.GetLength(1); j++)
            {
                result[i, j] = rows[i][j].GetDouble();
            }
        }

        return result;
    }

    public static double? NullableDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
}
