namespace ToxicComments.Data.Splitting;

/// <summary>
/// Iterative stratification for multilabel data (Sechidis, Tsoumakas and Vlahavas, "On the Stratification of
/// Multi-Label Data", ECML PKDD 2011, algorithm 1). Random splits can leave a rare label out of a small split;
/// this places the rows of the rarest remaining label first, each into the split that still wants most of that
/// label, so every split gets close to its share of every label. Ties are broken by the split that wants more
/// rows, then at random with a seeded generator, so the result is repeatable.
/// </summary>
public static class IterativeStratifier
{
    /// <summary>Assigns each row to a split; <paramref name="fractions"/> are the splits' shares (summing to 1).</summary>
    /// <returns>For each row, the index of its split in <paramref name="fractions"/>.</returns>
    public static int[] Assign(CommentSet comments, IReadOnlyList<double> fractions, uint seed)
    {
        var random = new NumpyRandomState(seed);
        int splits = fractions.Count;
        // A split with no share must never be chosen, even once the others are over-filled.
        int[] open = Enumerable.Range(0, splits).Where(s => fractions[s] > 0).ToArray();
        double[] wantedRows = fractions.Select(f => f * comments.Count).ToArray();
        int[] labelTotals = comments.LabelCounts();
        double[,] wantedLabels = new double[LabelNames.Count, splits];
        for (int label = 0; label < LabelNames.Count; label++)
        {
            for (int split = 0; split < splits; split++)
            {
                wantedLabels[label, split] = fractions[split] * labelTotals[label];
            }
        }

        int[] assignment = Enumerable.Repeat(-1, comments.Count).ToArray();
        // Visit rows in a seeded random order so that which rows go where does not follow the file's order.
        int[] order = random.Permutation(comments.Count);
        int[] remaining = (int[])labelTotals.Clone();
        while (true)
        {
            int rarest = RarestRemainingLabel(remaining);
            if (rarest < 0)
            {
                break;
            }
            foreach (int row in order)
            {
                ToxicLabels labels = comments[row].Labels;
                if (assignment[row] >= 0 || !comments[row].IsScored || !labels.Has(rarest))
                {
                    continue;
                }
                int split = Choose(open, s => wantedLabels[rarest, s], wantedRows, random);
                assignment[row] = split;
                wantedRows[split]--;
                for (int label = 0; label < LabelNames.Count; label++)
                {
                    if (labels.Has(label))
                    {
                        wantedLabels[label, split]--;
                        remaining[label]--;
                    }
                }
            }
        }

        // Rows without labels only balance the sizes.
        foreach (int row in order)
        {
            if (assignment[row] < 0)
            {
                int split = Choose(open, s => wantedRows[s], wantedRows, random);
                assignment[row] = split;
                wantedRows[split]--;
            }
        }
        return assignment;
    }

    private static int RarestRemainingLabel(int[] remaining)
    {
        int rarest = -1;
        for (int label = 0; label < remaining.Length; label++)
        {
            if (remaining[label] > 0 && (rarest < 0 || remaining[label] < remaining[rarest]))
            {
                rarest = label;
            }
        }
        return rarest;
    }

    private static int Choose(int[] open, Func<int, double> wanted, double[] wantedRows, NumpyRandomState random)
    {
        List<int> best = ArgMax(open, wanted);
        if (best.Count > 1)
        {
            best = ArgMax(best, s => wantedRows[s]);
        }
        return best.Count == 1 ? best[0] : best[(int)random.Interval((uint)best.Count - 1)];
    }

    private static List<int> ArgMax(IEnumerable<int> candidates, Func<int, double> score)
    {
        var best = new List<int>();
        double top = double.NegativeInfinity;
        foreach (int candidate in candidates)
        {
            double value = score(candidate);
            if (value > top)
            {
                top = value;
                best.Clear();
                best.Add(candidate);
            }
            else if (value == top)
            {
                best.Add(candidate);
            }
        }
        return best;
    }
}
