using ToxicComments.Data;
using ToxicComments.Evaluation;

namespace ToxicComments.Quality;

/// <summary>ROC AUC per label (null where a split has no positive) and their mean over the defined ones.</summary>
internal sealed record Scores(IReadOnlyList<double?> PerLabel, double? Mean)
{
    /// <summary>What was scored, (rows, labels) in the split's order, for paired tests; null when only the areas are known.</summary>
    public double[,]? Probabilities { get; init; }

    /// <summary>The project's scikit-learn-exact ROC AUC of <paramref name="probabilities"/> against <paramref name="comments"/>' labels.</summary>
    public static Scores Of(CommentSet comments, double[,] probabilities)
    {
        RocAucScores auc = RocAuc.Compute(comments.LabelMatrix(), probabilities, LabelNames.All);
        return new Scores(auc.PerLabel.Select(l => l.Value).ToList(), auc.Macro) { Probabilities = probabilities };
    }
}

/// <summary>One row of the table.</summary>
/// <param name="Name">What it is.</param>
/// <param name="Validation">ROC AUC on the validation split, of a model fitted without it; null when not measured.</param>
/// <param name="Test">ROC AUC on the scored test rows; null in tuning runs, which never look at them.</param>
/// <param name="Choice">What was chosen on the validation split, in words.</param>
/// <param name="Seconds">Wall-clock time of the whole method, choices included.</param>
internal sealed record MethodResult(string Name, Scores? Validation, Scores? Test, string Choice, double Seconds)
{
    /// <summary>The labels whose test scores are all one value: the model ranks nothing.</summary>
    public IReadOnlyList<string> ConstantLabels { get; init; } = [];

    public static IReadOnlyList<string> Constant(double[,] probabilities) =>
        Enumerable.Range(0, probabilities.GetLength(1))
            .Where(j => Enumerable.Range(0, probabilities.GetLength(0)).Select(i => probabilities[i, j]).Distinct().Count() == 1)
            .Select(j => LabelNames.All[j]).ToList();
}
