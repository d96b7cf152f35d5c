namespace ToxicComments.Evaluation;

/// <summary>
/// The fraction of comments whose every label is predicted right (the exact match ratio): scikit-learn's
/// <c>accuracy_score</c> on multilabel targets.
/// </summary>
public static class SubsetAccuracy
{
    /// <summary>Rows predicted exactly right over all rows.</summary>
    public static double Compute(int[,] labels, int[,] predictions)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckBinary(predictions, nameof(predictions));
        LabelMatrix.CheckSameShape(labels, predictions, nameof(predictions));
        int exact = 0;
        for (int i = 0; i < labels.GetLength(0); i++)
        {
            bool same = true;
            for (int j = 0; j < labels.GetLength(1) && same; j++)
            {
                same = labels[i, j] == predictions[i, j];
            }

            exact += same ? 1 : 0;
        }

        return (double)exact / labels.GetLength(0);
    }

    /// <inheritdoc cref="Compute(int[,], int[,])"/>
    public static double Compute(bool[,] labels, bool[,] predictions) =>
        Compute(LabelMatrix.ToInts(labels), LabelMatrix.ToInts(predictions));
}
