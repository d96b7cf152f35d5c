namespace ToxicComments.Evaluation;

/// <summary>The fraction of label cells predicted wrong, as scikit-learn's <c>hamming_loss</c>.</summary>
public static class HammingLoss
{
    /// <summary>Wrong cells over rows x labels (0 is perfect).</summary>
    public static double Compute(int[,] labels, int[,] predictions)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckBinary(predictions, nameof(predictions));
        LabelMatrix.CheckSameShape(labels, predictions, nameof(predictions));
        int wrong = 0;
        for (int i = 0; i < labels.GetLength(0); i++)
        {
            for (int j = 0; j < labels.GetLength(1); j++)
            {
                wrong += labels[i, j] != predictions[i, j] ? 1 : 0;
            }
        }

        return wrong / ((double)labels.GetLength(0) * labels.GetLength(1));
    }

    /// <inheritdoc cref="Compute(int[,], int[,])"/>
    public static double Compute(bool[,] labels, bool[,] predictions) =>
        Compute(LabelMatrix.ToInts(labels), LabelMatrix.ToInts(predictions));
}
