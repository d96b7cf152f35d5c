using ToxicComments.Evaluation;
using ToxicComments.Training;

namespace ToxicComments.Reporting;

/// <summary>What <see cref="RunReport"/> shows.</summary>
/// <param name="Title">The page's title, e.g. the model and the data.</param>
/// <param name="Evaluation">The test split's metrics.</param>
/// <param name="Labels">The test split's true labels, rows x labels, 0 or 1 (for the curves).</param>
/// <param name="Probabilities">The test split's predicted probabilities, rows x labels.</param>
/// <param name="Losses">Stage 05's losses; null when the model was not trained in this run.</param>
/// <param name="Facts">Lines shown under the title (data, model, device, timings), in order.</param>
public sealed record ReportContent(
    string Title,
    TestEvaluation Evaluation,
    int[,] Labels,
    double[,] Probabilities,
    LossHistory? Losses,
    IReadOnlyList<KeyValuePair<string, string>> Facts);
