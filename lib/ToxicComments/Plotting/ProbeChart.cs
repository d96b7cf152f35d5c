using Plotly.NET;
namespace ToxicComments.Plotting;
public static class ProbeChart
{
    private static readonly int[] Values = [1, 2, 3];
    private static readonly string[] Keys = ["a", "b", "c"];
    public static GenericChart Bars() => Plotly.NET.CSharp.Chart.Column<int, string, string>(Values, Keys: Keys);
}
