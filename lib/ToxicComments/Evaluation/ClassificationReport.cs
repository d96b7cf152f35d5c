using System.Globalization;
using System.Text;

namespace ToxicComments.Evaluation;

/// <summary>
/// Per-label precision, recall, F1 and support with the micro, macro, weighted and samples averages, computed as
/// scikit-learn 1.2's <c>classification_report(y_true, y_pred, output_dict=True, zero_division=...)</c> computes them
/// for multilabel targets. A zero denominator gives the <see cref="ZeroDivision"/> value; F1 is 0 when precision and
/// recall are both 0 (so a label never predicted with <see cref="ZeroDivision.One"/> has precision 1, recall 0, F1 0).
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> labels, IReadOnlyList<PrecisionRecallF1> perLabel,
        PrecisionRecallF1 micro, PrecisionRecallF1 macro, PrecisionRecallF1 weighted, PrecisionRecallF1 samples)
    {
        Labels = labels;
        PerLabel = perLabel;
        MicroAverage = micro;
        MacroAverage = macro;
        WeightedAverage = weighted;
        SamplesAverage = samples;
    }

    /// <summary>The label names, in column order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The scores of each label, in column order.</summary>
    public IReadOnlyList<PrecisionRecallF1> PerLabel { get; }

    /// <summary>Counts pooled over all labels, then divided (scikit-learn's <c>micro avg</c>).</summary>
    public PrecisionRecallF1 MicroAverage { get; }

    /// <summary>The unweighted mean of the per-label scores (<c>macro avg</c>).</summary>
    public PrecisionRecallF1 MacroAverage { get; }

    /// <summary>The mean of the per-label scores weighted by support (<c>weighted avg</c>).</summary>
    public PrecisionRecallF1 WeightedAverage { get; }

    /// <summary>Scores of each comment over its labels, then averaged over comments (<c>samples avg</c>).</summary>
    public PrecisionRecallF1 SamplesAverage { get; }

    /// <summary>The scores of the label named <paramref name="label"/>.</summary>
    public PrecisionRecallF1 this[string label]
    {
        get
        {
            for (int j = 0; j < Labels.Count; j++)
            {
                if (Labels[j] == label)
                {
                    return PerLabel[j];
                }
            }

            throw new KeyNotFoundException($"No label '{label}'; the labels are {string.Join(", ", Labels)}.");
        }
    }

    /// <summary>The report of 0/1 <paramref name="predictions"/> against 0/1 <paramref name="labels"/> (rows x labels).</summary>
    /// <param name="labels">The true labels, 0 or 1.</param>
    /// <param name="predictions">The predicted labels, 0 or 1 (see <see cref="Predictions.FromProbabilities(double[,], double)"/>).</param>
    /// <param name="labelNames">Column names; by default Kaggle's six when there are six columns.</param>
    /// <param name="zeroDivision">The value of a precision or recall whose denominator is 0.</param>
    public static ClassificationReport Compute(int[,] labels, int[,] predictions, IReadOnlyList<string>? labelNames = null,
        ZeroDivision zeroDivision = ZeroDivision.Warn)
    {
        LabelMatrix.CheckBinary(labels, nameof(labels));
        LabelMatrix.CheckBinary(predictions, nameof(predictions));
        LabelMatrix.CheckSameShape(labels, predictions, nameof(predictions));
        int rows = labels.GetLength(0), columns = labels.GetLength(1);
        IReadOnlyList<string> names = LabelMatrix.Names(labelNames, columns);
        double zero = zeroDivision == ZeroDivision.One ? 1.0 : 0.0;

        var truePositives = new int[columns];
        var predicted = new int[columns];
        var actual = new int[columns];
        double samplePrecision = 0, sampleRecall = 0, sampleF1 = 0;
        for (int i = 0; i < rows; i++)
        {
            int rowTruePositives = 0, rowPredicted = 0, rowActual = 0;
            for (int j = 0; j < columns; j++)
            {
                int t = labels[i, j], p = predictions[i, j];
                truePositives[j] += t & p;
                predicted[j] += p;
                actual[j] += t;
                rowTruePositives += t & p;
                rowPredicted += p;
                rowActual += t;
            }

            PrecisionRecallF1 row = Scores(rowTruePositives, rowPredicted, rowActual, zero);
            samplePrecision += row.Precision;
            sampleRecall += row.Recall;
            sampleF1 += row.F1;
        }

        var perLabel = new PrecisionRecallF1[columns];
        for (int j = 0; j < columns; j++)
        {
            perLabel[j] = Scores(truePositives[j], predicted[j], actual[j], zero);
        }

        int support = actual.Sum();
        PrecisionRecallF1 micro = Scores(truePositives.Sum(), predicted.Sum(), support, zero);
        var macro = new PrecisionRecallF1(
            perLabel.Sum(s => s.Precision) / columns, perLabel.Sum(s => s.Recall) / columns, perLabel.Sum(s => s.F1) / columns, support);
        PrecisionRecallF1 weighted = Weighted(perLabel, predicted.Sum(), support, zero);
        var samples = new PrecisionRecallF1(samplePrecision / rows, sampleRecall / rows, sampleF1 / rows, support);
        return new ClassificationReport(names, perLabel, micro, macro, weighted, samples);
    }

    /// <inheritdoc cref="Compute(int[,], int[,], IReadOnlyList{string}?, ZeroDivision)"/>
    public static ClassificationReport Compute(bool[,] labels, bool[,] predictions, IReadOnlyList<string>? labelNames = null,
        ZeroDivision zeroDivision = ZeroDivision.Warn) =>
        Compute(LabelMatrix.ToInts(labels), LabelMatrix.ToInts(predictions), labelNames, zeroDivision);

    /// <summary>
    /// The report's rows in scikit-learn's order: each label, then <c>micro avg</c>, <c>macro avg</c>,
    /// <c>weighted avg</c> and <c>samples avg</c>; a notebook shows them as a table.
    /// </summary>
    public IReadOnlyList<ReportRow> Rows() =>
    [
        .. Labels.Select((label, j) => ReportRow.Of(label, PerLabel[j])),
        ReportRow.Of("micro avg", MicroAverage),
        ReportRow.Of("macro avg", MacroAverage),
        ReportRow.Of("weighted avg", WeightedAverage),
        ReportRow.Of("samples avg", SamplesAverage),
    ];

    /// <summary>The report as scikit-learn prints it (<c>print(classification_report(...))</c>, two digits by default).</summary>
    public string ToString(int digits)
    {
        string[] headers = ["precision", "recall", "f1-score", "support"];
        int width = Math.Max(Math.Max(Labels.Max(n => n.Length), "weighted avg".Length), digits);
        var text = new StringBuilder();
        text.Append(new string(' ', width)).Append(' ');
        foreach (string header in headers)
        {
            text.Append(' ').Append(header.PadLeft(9));
        }

        text.Append("\n\n");
        for (int j = 0; j < Labels.Count; j++)
        {
            AppendRow(text, Labels[j], PerLabel[j], width, digits);
        }

        text.Append('\n');
        AppendRow(text, "micro avg", MicroAverage, width, digits);
        AppendRow(text, "macro avg", MacroAverage, width, digits);
        AppendRow(text, "weighted avg", WeightedAverage, width, digits);
        AppendRow(text, "samples avg", SamplesAverage, width, digits);
        return text.ToString();
    }

    /// <inheritdoc cref="ToString(int)"/>
    public override string ToString() => ToString(2);

    private static void AppendRow(StringBuilder text, string name, PrecisionRecallF1 scores, int width, int digits)
    {
        text.Append(name.PadLeft(width)).Append(' ');
        foreach (double value in (double[])[scores.Precision, scores.Recall, scores.F1])
        {
            text.Append(' ').Append(Fixed(value, digits).PadLeft(9));
        }

        text.Append(' ').Append(scores.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    // Python's "{:.2f}" rounds the exact binary value half to even (0.625 -> "0.62"); .NET's "F2" rounds half away
    // from zero. The exact digits, as a decimal, rounded half to even, print what Python prints.
    private static string Fixed(double value, int digits)
    {
        decimal exact = decimal.Parse(value.ToString("F28", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return decimal.Round(exact, digits, MidpointRounding.ToEven).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static PrecisionRecallF1 Scores(int truePositives, int predicted, int actual, double zero)
    {
        double precision = predicted == 0 ? zero : (double)truePositives / predicted;
        double recall = actual == 0 ? zero : (double)truePositives / actual;
        return new PrecisionRecallF1(precision, recall, F1(precision, recall), actual);
    }

    // scikit-learn's arithmetic, in its order: (1 + beta²) * p * r / (beta² * p + r), with 0 when both are 0.
    private static double F1(double precision, double recall)
    {
        double denominator = precision + recall;
        return denominator == 0 ? 0 : 2 * precision * recall / denominator;
    }

    private static PrecisionRecallF1 Weighted(PrecisionRecallF1[] perLabel, int predicted, int support, double zero)
    {
        if (support == 0)
        {
            // scikit-learn: no label has a positive, so every weight is 0; precision and F1 are the zero-division
            // value only if nothing was predicted either.
            return predicted == 0 ? new PrecisionRecallF1(zero, zero, zero, 0) : new PrecisionRecallF1(0, zero, 0, 0);
        }

        double precision = 0, recall = 0, f1 = 0;
        foreach (PrecisionRecallF1 scores in perLabel)
        {
            precision += scores.Precision * scores.Support;
            recall += scores.Recall * scores.Support;
            f1 += scores.F1 * scores.Support;
        }

        return new PrecisionRecallF1(precision / support, recall / support, f1 / support, support);
    }
}
