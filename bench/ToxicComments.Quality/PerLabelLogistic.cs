using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ToxicComments.Data;

namespace ToxicComments.Quality;

/// <summary>
/// One binary logistic regression per label (ML.NET's L-BFGS) on a feature column, as Kaggle's classic baselines
/// do. ML.NET's defaults (L1 = 1, L2 = 1 on the summed loss) zero every weight of a label with a handful of
/// positives, and the model then gives every comment the same score (threat in this sample): L1 stays off here and
/// the L2 strength is chosen on the validation split.
/// </summary>
internal sealed class PerLabelLogistic(MLContext ml, string featureColumn)
{
    /// <summary>Fits on <paramref name="train"/> and returns each scoring set's probabilities, (rows, labels).</summary>
    public double[][,] FitAndScore(IDataView train, float l2, float l1, params IDataView[] scoreSets)
    {
        var results = scoreSets.Select(s => new double[Rows(s), LabelNames.Count]).ToArray();
        for (int label = 0; label < LabelNames.Count; label++)
        {
            var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = LabelledRows.LabelColumn(label),
                FeatureColumnName = featureColumn,
                L2Regularization = l2,
                L1Regularization = l1,
            });
            var model = trainer.Fit(train);
            for (int set = 0; set < scoreSets.Length; set++)
            {
                float[] probabilities = model.Transform(scoreSets[set]).GetColumn<float>("Probability").ToArray();
                for (int row = 0; row < probabilities.Length; row++)
                {
                    results[set][row, label] = probabilities[row];
                }
            }
        }
        return results;
    }

    /// <summary>
    /// The L2 strength from <paramref name="grid"/> whose models score the best mean ROC AUC on
    /// <paramref name="validation"/>; returns it with every candidate's score.
    /// </summary>
    public (float Best, IReadOnlyList<(float L2, double Auc)> Tried) ChooseL2(IDataView fit, IDataView validation, int[,] validationLabels, IEnumerable<float> grid)
    {
        var tried = new List<(float, double)>();
        foreach (float l2 in grid)
        {
            double[,] scores = FitAndScore(fit, l2, 0, validation)[0];
            tried.Add((l2, Evaluation.RocAuc.Compute(validationLabels, scores).Macro ?? double.NaN));
        }
        return (tried.MaxBy(t => t.Item2).Item1, tried);
    }

    private static int Rows(IDataView data) => (int)(data.GetRowCount() ?? data.GetColumn<bool>(LabelledRows.LabelColumn(0)).LongCount());
}
