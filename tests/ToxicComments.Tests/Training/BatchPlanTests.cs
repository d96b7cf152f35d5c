using ToxicComments.Tokenization;
using ToxicComments.Training;

namespace ToxicComments.Tests.Training;

public sealed class BatchPlanTests
{
    private static readonly int[] Lengths = Enumerable.Range(0, 1000).Select(i => 3 + ((i * 7919) % 500)).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ForEpoch_VisitsEveryRowOnce(bool grouped)
    {
        int[][] plan = BatchPlan.ForEpoch(Lengths, 16, grouped, seed: 1, epoch: 0);

        Assert.Equal(Enumerable.Range(0, Lengths.Length), plan.SelectMany(b => b).Order());
        Assert.Equal(63, plan.Length); // 62 full batches and one of 8
        Assert.Single(plan, b => b.Length != 16);
    }

    [Fact]
    public void ForEpoch_SameSeedAndEpoch_SamePlan_OtherEpoch_OtherPlan()
    {
        int[][] first = BatchPlan.ForEpoch(Lengths, 16, true, seed: 9, epoch: 2);
        int[][] again = BatchPlan.ForEpoch(Lengths, 16, true, seed: 9, epoch: 2);
        int[][] next = BatchPlan.ForEpoch(Lengths, 16, true, seed: 9, epoch: 3);

        Assert.Equal(first.SelectMany(b => b), again.SelectMany(b => b));
        Assert.NotEqual(first.SelectMany(b => b), next.SelectMany(b => b));
    }

    [Fact]
    public void ForEpoch_Grouped_PadsFarLessThanAPlainShuffle_AndStillMixesLengths()
    {
        int[][] grouped = BatchPlan.ForEpoch(Lengths, 16, true, seed: 4, epoch: 0);
        int[][] shuffled = BatchPlan.ForEpoch(Lengths, 16, false, seed: 4, epoch: 0);

        long Cost(int[][] plan) => plan.Sum(b => (long)b.Length * b.Max(i => Lengths[i]));
        long real = Lengths.Sum();
        Assert.True(Cost(grouped) < real * 1.1, $"grouped batches process {Cost(grouped)} tokens for {real} real ones");
        Assert.True(Cost(shuffled) > real * 1.5, $"a plain shuffle processes {Cost(shuffled)} tokens for {real} real ones");
        // The batch order is shuffled: the longest batch is not always first, and neighbours are not sorted.
        int[] longest = grouped.Select(b => b.Max(i => Lengths[i])).ToArray();
        Assert.NotEqual(longest.OrderByDescending(l => l), longest);
        Assert.NotEqual(longest.Order(), longest);
    }

    [Fact]
    public void Padding_ProcessedTokens_AgreesWithThePlanItCosts()
    {
        int[] lengths = Lengths[..992]; // whole batches only: a short batch is shuffled in among the others
        int[][] plan = BatchPlan.ForEpoch(lengths, 16, true, seed: 4, epoch: 0);
        int[] ordered = plan.SelectMany(b => b).Select(i => lengths[i]).ToArray();

        long expected = plan.Sum(b => (long)b.Length * b.Max(i => lengths[i]));
        Assert.Equal(expected, Padding.Dynamic.ProcessedTokens(ordered, 16, 512));
    }
}
