using ToxicComments.Evaluation;

namespace ToxicComments.Tests.Evaluation;

public sealed class HardestMistakesTests
{
    [Fact]
    public void Find_HandWorkedCase_OrdersWrongCellsByConfidenceInTheWrongAnswer()
    {
        // Two labels. Wrong cells at 0.5: (0, a) predicted 0.9 but absent: confidence 0.9; (1, b) 0.05 but present:
        // confidence 0.95; (2, a) 0.6 but absent: 0.6. Right cells never appear.
        int[,] labels = { { 0, 1 }, { 1, 1 }, { 0, 0 } };
        double[,] probabilities = { { 0.9, 0.7 }, { 0.8, 0.05 }, { 0.6, 0.1 } };

        IReadOnlyList<Mistake> mistakes = HardestMistakes.Find(labels, probabilities, labelNames: ["a", "b"]);

        Assert.Equal([(1, "b"), (0, "a"), (2, "a")], mistakes.Select(m => (m.Row, m.Label)));
        Assert.Equal([0.95, 0.9, 0.6], mistakes.Select(m => m.Confidence), new ToleranceComparer(1e-15));
        Assert.Equal(["false negative", "false positive", "false positive"], mistakes.Select(m => m.Kind));
    }

    [Fact]
    public void Find_TunedThresholds_JudgeEachLabelByItsOwnThreshold()
    {
        int[,] labels = { { 0, 1 } };
        double[,] probabilities = { { 0.3, 0.3 } };

        IReadOnlyList<Mistake> atHalf = HardestMistakes.Find(labels, probabilities, labelNames: ["a", "b"]);
        IReadOnlyList<Mistake> tuned = HardestMistakes.Find(labels, probabilities, [0.25, 0.25], labelNames: ["a", "b"]);

        Assert.Equal(["b"], atHalf.Select(m => m.Label));
        Assert.Equal(["a"], tuned.Select(m => m.Label));
        Assert.Equal(0.25, tuned[0].Threshold);
    }

    [Fact]
    public void Find_RandomCase_ReturnsOnlyWrongCellsAndNoneSurerIsLeftOut()
    {
        var random = new Random(3);
        int[,] labels = new int[200, 6];
        double[,] probabilities = new double[200, 6];
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                labels[i, j] = random.Next(2);
                probabilities[i, j] = Math.Round(random.NextDouble(), 2);
            }
        }

        IReadOnlyList<Mistake> top = HardestMistakes.Find(labels, probabilities, count: 25);

        Assert.Equal(25, top.Count);
        Assert.All(top, m => Assert.NotEqual(labels[m.Row, m.LabelIndex] == 1, probabilities[m.Row, m.LabelIndex] >= 0.5));
        double weakest = top[^1].Confidence;
        int surer = 0;
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                bool wrong = labels[i, j] == 1 != probabilities[i, j] >= 0.5;
                double confidence = labels[i, j] == 1 ? 1 - probabilities[i, j] : probabilities[i, j];
                surer += wrong && confidence > weakest ? 1 : 0;
            }
        }
        // Every mistake surer than the weakest one returned is among those returned.
        Assert.Equal(surer, top.Count(m => m.Confidence > weakest));
        Assert.Equal(top.OrderByDescending(m => m.Confidence).ThenBy(m => m.Row).ThenBy(m => m.LabelIndex), top);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
