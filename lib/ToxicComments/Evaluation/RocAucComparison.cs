namespace ToxicComments.Evaluation;

/// <summary>
/// DeLong's test of two ROC AUCs measured on the same comments (DeLong, DeLong and Clarke-Pearson, Biometrics 1988):
/// whether one model ranks a label better than another by more than the test rows can tell. The two areas are
/// correlated (the same positives and negatives), and the test uses that: each comment's placement (the share of the
/// other class it outranks, a tie counting half) gives each area's variance and their covariance, and the difference
/// over its standard error is compared with the normal distribution. Placements come from midranks (Sun and Xu, IEEE
/// Signal Processing Letters 2014), so a comparison costs a sort, not a pass over every positive-negative pair.
/// </summary>
public static class RocAucComparison
{
    /// <summary>Compares <paramref name="first"/>'s scores with <paramref name="second"/>'s on one label's 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0 or 1, a score is not finite, or a class has fewer than 2 comments (no variance).</exception>
    public static RocAucDifference Compare(IReadOnlyList<int> labels, IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != labels.Count || second.Count != labels.Count)
        {
            throw new ArgumentException($"{first.Count} and {second.Count} scores for {labels.Count} labels.", nameof(second));
        }
        if (labels.Any(v => v is not (0 or 1)))
        {
            throw new ArgumentException("labels must be 0 or 1.", nameof(labels));
        }
        if (first.Concat(second).Any(s => !double.IsFinite(s)))
        {
            throw new ArgumentException("every score must be a finite number.", first.Any(s => !double.IsFinite(s)) ? nameof(first) : nameof(second));
        }
        int[] positives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).ToArray();
        int[] negatives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 0).ToArray();
        if (positives.Length < 2 || negatives.Length < 2)
        {
            throw new ArgumentException($"DeLong's test needs at least 2 positives and 2 negatives; there are {positives.Length} and {negatives.Length}.", nameof(labels));
        }

        Placements a = Placements.Of(first, positives, negatives);
        Placements b = Placements.Of(second, positives, negatives);
        // Var(A - B) = Var A + Var B - 2 Cov(A, B), each the positives' placement (co)variance over m plus the negatives' over n.
        double varianceA = (Covariance(a.OfPositives, a.OfPositives) / positives.Length) + (Covariance(a.OfNegatives, a.OfNegatives) / negatives.Length);
        double varianceB = (Covariance(b.OfPositives, b.OfPositives) / positives.Length) + (Covariance(b.OfNegatives, b.OfNegatives) / negatives.Length);
        double covariance = (Covariance(a.OfPositives, b.OfPositives) / positives.Length) + (Covariance(a.OfNegatives, b.OfNegatives) / negatives.Length);
        double standardError = Math.Sqrt(Math.Max(varianceA + varianceB - (2 * covariance), 0));
        double difference = a.Area - b.Area;
        // With no variance at all (the same ranking twice, two perfect ones, or constant placements) the estimate sees
        // no sampling error: equal areas give p 1, different ones an infinite z and p 0.
        double z = standardError > 0 ? difference / standardError
            : difference == 0 ? 0
            : difference * double.PositiveInfinity;
        return new RocAucDifference(a.Area, b.Area, difference, standardError, Math.Sqrt(varianceA), Math.Sqrt(varianceB), z,
            NormalDistribution.TwoSidedPValue(z));
    }

    // The unbiased (n - 1) covariance of two equally long series.
    private static double Covariance(double[] x, double[] y)
    {
        double meanX = x.Average(), meanY = y.Average(), sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - meanX) * (y[i] - meanY);
        }
        return sum / (x.Length - 1);
    }

    /// <summary>
    /// Each positive's share of negatives scored below it, each negative's share of positives scored above it (a tie
    /// counts half), and the area they average to.
    /// </summary>
    private sealed record Placements(double[] OfPositives, double[] OfNegatives, double Area)
    {
        public static Placements Of(IReadOnlyList<double> scores, int[] positives, int[] negatives)
        {
            int m = positives.Length, n = negatives.Length;
            double[] x = positives.Select(i => scores[i]).ToArray();
            double[] y = negatives.Select(i => scores[i]).ToArray();
            double[] withinX = MidRanks(x), withinY = MidRanks(y), all = MidRanks([.. x, .. y]);
            // A positive's rank among all, less its rank among the positives, counts the negatives below it (ties half).
            double[] ofPositives = Enumerable.Range(0, m).Select(i => (all[i] - withinX[i]) / n).ToArray();
            double[] ofNegatives = Enumerable.Range(0, n).Select(j => 1 - ((all[m + j] - withinY[j]) / m)).ToArray();
            return new Placements(ofPositives, ofNegatives, ofPositives.Average());
        }

        // 1-based ranks, tied values sharing the mean of their ranks.
        private static double[] MidRanks(double[] values)
        {
            int[] order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
            var ranks = new double[values.Length];
            for (int start = 0; start < order.Length;)
            {
                int end = start;
                while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                {
                    end++;
                }
                double midRank = ((start + end) / 2.0) + 1;
                for (int k = start; k <= end; k++)
                {
                    ranks[order[k]] = midRank;
                }
                start = end + 1;
            }
            return ranks;
        }
    }
}

/// <summary>Two ROC AUCs on the same comments and DeLong's test of their difference.</summary>
/// <param name="First">The first model's ROC AUC.</param>
/// <param name="Second">The second model's ROC AUC.</param>
/// <param name="Difference"><paramref name="First"/> − <paramref name="Second"/>.</param>
/// <param name="StandardError">The difference's standard error, from both areas' variances and their covariance.</param>
/// <param name="FirstStandardError">The first area's own standard error.</param>
/// <param name="SecondStandardError">The second area's own standard error.</param>
/// <param name="Z">The difference over its standard error (when that is 0: 0 for equal areas, else infinite).</param>
/// <param name="PValue">Two-sided: the chance of a difference at least this large either way if the two models ranked equally well.</param>
public sealed record RocAucDifference(double First, double Second, double Difference, double StandardError,
                                      double FirstStandardError, double SecondStandardError, double Z, double PValue);
