using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace ToxicComments.Quality;

/// <summary>
/// The classic Kaggle baseline with ML.NET: TF-IDF of words (1-grams) and of characters (1- to 6-grams; ML.NET has no
/// 2-6 range, and single characters carry little weight), each L2-normalised as scikit-learn's vectorizers are, side
/// by side, then one logistic regression per label.
/// </summary>
internal static class TfidfBaseline
{
    // L2 strengths tried on the validation split (ML.NET adds them to the summed, not averaged, loss).
    private static readonly float[] Grid = [1f, 3f, 10f];

    public static MethodResult Run(BenchData data, bool scoreTest, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var logistic = new PerLabelLogistic(ml, "Features");

        var featurizer = Featurizer(ml).Fit(LabelledRows.Texts(ml, data.Fit));
        IDataView fit = featurizer.Transform(LabelledRows.Texts(ml, data.Fit));
        IDataView validation = featurizer.Transform(LabelledRows.Texts(ml, data.Validation));
        (float l2, IReadOnlyList<(float L2, double Auc)> tried) = logistic.ChooseL2(fit, validation, data.Validation.LabelMatrix(), Grid);
        log($"TF-IDF + LR: validation mean ROC AUC by L2: {string.Join(", ", tried.Select(t => $"{t.L2:G}: {t.Auc:F4}"))}");
        double[,] validationScores = logistic.FitAndScore(fit, l2, 0, validation)[0];

        Scores? test = null;
        if (scoreTest)
        {
            // Refitted on all of train.csv, the vocabulary and IDF included, as a Kaggle entry would be.
            IDataView all = LabelledRows.Texts(ml, data.AllTrain);
            featurizer = Featurizer(ml).Fit(all);
            test = Scores.Of(data.Test, logistic.FitAndScore(featurizer.Transform(all), l2, 0, featurizer.Transform(LabelledRows.Texts(ml, data.Test)))[0]);
        }
        return new MethodResult("TF-IDF words + chars, logistic regression (ML.NET)", Scores.Of(data.Validation, validationScores), test,
            $"L2 {l2:G} of {string.Join(", ", Grid)}", clock.Elapsed.TotalSeconds);
    }

    private static EstimatorChain<ColumnConcatenatingTransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("Words", Options(words: true), nameof(TextRow.Text))
            .Append(ml.Transforms.Text.FeaturizeText("Chars", Options(words: false), nameof(TextRow.Text)))
            .Append(ml.Transforms.Concatenate("Features", "Words", "Chars"));

    private static TextFeaturizingEstimator.Options Options(bool words) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = true,
        KeepNumbers = true,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
        WordFeatureExtractor = words
            ? new WordBagEstimator.Options { NgramLength = 1, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf }
            : null,
        CharFeatureExtractor = words
            ? null
            : new WordBagEstimator.Options { NgramLength = 6, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
    };
}
