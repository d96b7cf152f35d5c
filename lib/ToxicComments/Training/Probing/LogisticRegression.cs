using static TorchSharp.torch;

namespace ToxicComments.Training.Probing;

/// <summary>One fitted binary logistic regression: <c>logit = x · Weights + Intercept</c>.</summary>
/// <param name="Weights">One per feature.</param>
/// <param name="Intercept">Not penalised.</param>
/// <param name="Iterations">Newton steps taken.</param>
public sealed record LogisticModel(double[] Weights, double Intercept, int Iterations);

/// <summary>
/// L2-regularised binary logistic regression, fitted to its exact optimum by Newton's method with a backtracking line
/// search. It minimises <c>Σᵢ sᵢ·(softplus(zᵢ) − yᵢ·zᵢ) + (λ/2)·‖w‖²</c>, where <c>zᵢ = xᵢ·w + b</c> and
/// <c>sᵢ</c> is <c>positiveWeight</c> for positives and 1 for negatives: scikit-learn's
/// <c>LogisticRegression(C=1/λ)</c> with those sample weights (the intercept is not penalised). The objective is
/// strictly convex for λ &gt; 0, so the optimum is unique and any exact solver reaches the same weights; Newton gets
/// there in a handful of steps for a few hundred features, each step one (features × features) solve in float64.
/// </summary>
public static class LogisticRegression
{
    /// <param name="features">(rows, features), any floating type; computed in float64 on its device.</param>
    /// <param name="positive">Whether each row is positive.</param>
    /// <param name="l2">λ, above 0.</param>
    /// <param name="positiveWeight">The weight of each positive row's loss (<c>pos_weight</c>), above 0.</param>
    /// <exception cref="ArgumentException">Every row is positive, or none is: the optimum is at an infinite intercept.</exception>
    public static LogisticModel Fit(Tensor features, IReadOnlyList<bool> positive, double l2, double positiveWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(l2, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(positiveWeight, 0);
        long rows = features.shape[0], width = features.shape[1];
        if (positive.Count != rows)
        {
            throw new ArgumentException($"{positive.Count} labels for {rows} rows.", nameof(positive));
        }
        if (positive.All(p => p) || !positive.Any(p => p))
        {
            throw new ArgumentException("both classes must be present: with one, the best intercept is infinite.", nameof(positive));
        }

        using var scope = NewDisposeScope();
        Device device = features.device;
        Tensor design = cat([features.to(ScalarType.Float64), ones(rows, 1, ScalarType.Float64, device)], 1); // (rows, width + 1)
        Tensor y = tensor(positive.Select(p => p ? 1.0 : 0.0).ToArray(), ScalarType.Float64, device); // (rows)
        Tensor sampleWeights = tensor(positive.Select(p => p ? positiveWeight : 1.0).ToArray(), ScalarType.Float64, device);
        Tensor penalty = full(width + 1, l2, ScalarType.Float64, device);
        penalty[width].fill_(0); // the intercept is free
        Tensor beta = zeros(width + 1, ScalarType.Float64, device);

        double Objective(Tensor b)
        {
            using var inner = NewDisposeScope();
            Tensor z = design.mv(b);
            Tensor loss = (sampleWeights * (nn.functional.softplus(z) - (y * z))).sum() + (0.5 * (penalty * b * b).sum());
            return loss.item<double>();
        }

        double objective = Objective(beta);
        int iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            using var step = NewDisposeScope();
            Tensor p = design.mv(beta).sigmoid();
            Tensor gradient = design.t().mv(sampleWeights * (p - y)) + (penalty * beta);
            Tensor curvature = sampleWeights * p * (1 - p); // (rows)
            Tensor hessian = design.t().mm(design * curvature.unsqueeze(1)) + penalty.diag();
            Tensor direction = linalg.solve(hessian, gradient);
            // Newton's full step is right near the optimum; far from it the line search keeps every step downhill.
            double slope = gradient.dot(direction).item<double>();
            double size = 1;
            Tensor candidate = beta - direction;
            double next = Objective(candidate);
            while (next > objective - (1e-4 * size * slope) && size > 1e-10)
            {
                size /= 2;
                candidate = beta - (size * direction);
                next = Objective(candidate);
            }
            double change = (size * direction).abs().max().item<double>();
            beta.copy_(candidate);
            objective = next;
            if (change < Tolerance)
            {
                break;
            }
        }
        double[] coefficients = beta.cpu().data<double>().ToArray();
        return new LogisticModel(coefficients[..(int)width], coefficients[(int)width], iterations);
    }

    /// <summary>Newton steps at most; a well-posed problem needs fewer than 20.</summary>
    public const int MaxIterations = 100;

    /// <summary>Converged when no coefficient moves by more than this in a step.</summary>
    public const double Tolerance = 1e-10;
}
