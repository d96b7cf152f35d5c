using System.Diagnostics;
using Microsoft.ML;
using ToxicComments.Data;
using ToxicComments.Inference;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ToxicComments.Quality;

/// <summary>
/// Frozen sentence embeddings: the project's own MiniLM encoder, mean-pooled over the real tokens (what
/// all-MiniLM-L6-v2 was trained for), then one logistic regression per label on the standardised embeddings.
/// </summary>
internal static class EmbeddingBaseline
{
    // all-MiniLM-L6-v2 was trained on 256-token inputs (sentence-transformers' max_seq_length).
    private const int MaxLength = 256;
    private static readonly float[] Grid = [10f, 30f, 100f, 300f, 1000f];

    public static IReadOnlyList<MethodResult> Run(BenchData data, int threads, bool scoreTest, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyDictionary<string, float[]> embeddings = Embed(scoreTest ? [data.Fit, data.Validation, data.Test] : [data.Fit, data.Validation], threads);
        log($"MiniLM embeddings: {embeddings.Count:N0} distinct comments in {clock.Elapsed.TotalSeconds:F0} s");
        return Run(data, embeddings, clock.Elapsed.TotalSeconds, scoreTest, log);
    }

    /// <summary>The same on embeddings already made (<see cref="Embed(IReadOnlyList{CommentSet}, int)"/>), which cross-validation makes once for every fold.</summary>
    public static IReadOnlyList<MethodResult> Run(BenchData data, IReadOnlyDictionary<string, float[]> embeddings, double embedSeconds, bool scoreTest, Action<string> log)
    {
        float[][] Vectors(CommentSet set) => set.Select(comment => embeddings[comment.Text]).ToArray();
        (float[][] fitVectors, float[][] validationVectors) = (Vectors(data.Fit), Vectors(data.Validation));

        var ml = new MLContext(seed: 1);
        IDataView fitRaw = LabelledRows.Vectors(ml, data.Fit, fitVectors);
        IDataView validationRaw = LabelledRows.Vectors(ml, data.Validation, validationVectors);
        IDataView allRaw = LabelledRows.Vectors(ml, data.AllTrain, [.. fitVectors, .. validationVectors]);
        IDataView? testRaw = scoreTest ? LabelledRows.Vectors(ml, data.Test, Vectors(data.Test)) : null;

        // What ML.NET gives as it comes: L-BFGS with its default L1 = 1 and L2 = 1 on the raw embeddings.
        var clockDefaults = Stopwatch.StartNew();
        var raw = new PerLabelLogistic(ml, nameof(VectorRow.Features));
        // Checked on the validation split in tuning runs, which never look at the test rows.
        double[][,] defaults = scoreTest ? raw.FitAndScore(allRaw, l2: 1, l1: 1, testRaw!) : raw.FitAndScore(fitRaw, l2: 1, l1: 1, validationRaw);
        var defaultsResult = new MethodResult("frozen MiniLM, mean-pooled + ML.NET L-BFGS defaults (L1 1, L2 1)",
            scoreTest ? null : Scores.Of(data.Validation, defaults[0]), scoreTest ? Scores.Of(data.Test, defaults[0]) : null,
            "none", embedSeconds + clockDefaults.Elapsed.TotalSeconds)
        {
            ConstantLabels = MethodResult.Constant(defaults[0]),
        };

        // Standardised (mean 0, variance 1 on the training rows), no L1, L2 chosen on the validation split.
        var clockTuned = Stopwatch.StartNew();
        var standardised = new PerLabelLogistic(ml, "Standardised");
        var normaliser = ml.Transforms.NormalizeMeanVariance("Standardised", nameof(VectorRow.Features), fixZero: false);
        var onFit = normaliser.Fit(fitRaw);
        IDataView fit = onFit.Transform(fitRaw);
        IDataView validation = onFit.Transform(validationRaw);
        (float l2, IReadOnlyList<(float L2, double Auc)> tried) = standardised.ChooseL2(fit, validation, data.Validation.LabelMatrix(), Grid);
        log($"MiniLM + LR: validation mean ROC AUC by L2: {string.Join(", ", tried.Select(t => $"{t.L2:G}: {t.Auc:F4}"))}");
        double[,] validationScores = standardised.FitAndScore(fit, l2, 0, validation)[0];
        Scores? test = null;
        IReadOnlyList<string> constant = MethodResult.Constant(validationScores);
        if (scoreTest)
        {
            var onAll = normaliser.Fit(allRaw);
            double[,] testScores = standardised.FitAndScore(onAll.Transform(allRaw), l2, 0, onAll.Transform(testRaw!))[0];
            test = Scores.Of(data.Test, testScores);
            constant = MethodResult.Constant(testScores);
        }
        var tunedResult = new MethodResult("frozen MiniLM, mean-pooled + logistic regression (ML.NET)", Scores.Of(data.Validation, validationScores), test,
            $"standardised, L1 0, L2 {l2:G} of {string.Join(", ", Grid)}", embedSeconds + clockTuned.Elapsed.TotalSeconds)
        {
            ConstantLabels = constant,
        };
        return [defaultsResult, tunedResult];
    }

    /// <summary>Mean-pooled MiniLM embeddings of the comments of <paramref name="sets"/>, by text.</summary>
    public static IReadOnlyDictionary<string, float[]> Embed(IReadOnlyList<CommentSet> sets, int threads)
    {
        torch.set_num_threads(threads);
        using Embedder embedder = Embedder.Load("minilm", CPU, Pooling.Mean, MaxLength);
        string[] texts = sets.SelectMany(set => set.Select(comment => comment.Text)).Distinct().ToArray();
        float[][] vectors = embedder.Embed(texts);
        return texts.Select((text, i) => KeyValuePair.Create(text, vectors[i])).ToDictionary();
    }
}
