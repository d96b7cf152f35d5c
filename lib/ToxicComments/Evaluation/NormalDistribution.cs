namespace ToxicComments.Evaluation;

/// <summary>The standard normal distribution's tails, for tests that end in a z score (.NET has no erf).</summary>
internal static class NormalDistribution
{
    /// <summary>P(|Z| ≥ |z|) for a standard normal Z: erfc(|z| / √2).</summary>
    public static double TwoSidedPValue(double z) => Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>
    /// The complementary error function for x ≥ 0, to about 1e-15: below 3 from erf's series with positive terms only
    /// (erf x = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), no cancellation), from 3 on from Laplace's continued
    /// fraction, which converges fast there and keeps the relative accuracy of tiny tails.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "erfc is computed here for x ≥ 0 only.");
        }
        if (x < 3)
        {
            double term = x, sum = x;
            for (int n = 1; term > sum * 1e-17; n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
            }
            return 1 - (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum);
        }
        // erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated from the tail up.
        double fraction = x;
        for (int k = 60; k >= 1; k--)
        {
            fraction = x + (k / 2.0 / fraction);
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}
