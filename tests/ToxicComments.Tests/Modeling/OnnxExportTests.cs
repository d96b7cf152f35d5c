using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxScoring;
using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Inference;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Folders;
using ToxicComments.Modeling.Heads;
using ToxicComments.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling;

/// <summary>
/// <c>toxic export onnx</c>'s folders, scored by the clients that read them: ONNX Runtime through
/// <c>examples/OnnxScoring</c> (Hugging Face's Rust tokenizer on <c>tokenizer.json</c>, no TorchSharp), and
/// transformers.js 4.3.1 under Node; the graph checked by <c>onnx.checker</c>. Each against <c>toxic predict</c>.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static readonly string[] Texts =
    [
        "Thanks for fixing the citation on the article.",
        "You are an idiot",
        "== Sources ==\nThe second paragraph repeats the first; I removed it. Please discuss on the talk page before reverting again!!",
        "ok",
        "",
    ];

    [Theory]
    [MemberData(nameof(SavedFoldersInPythonTests.Kinds), MemberType = typeof(SavedFoldersInPythonTests))]
    public void Export_EveryHead_OnnxRuntimeGivesToxicPredictsProbabilities_AndTheCheckerPasses(string encoder, string head)
    {
        using var temp = new TempFolder();
        string model = SavedFoldersInPythonTests.SaveTiny(temp.File("model"), encoder, Enum.Parse<ClassifierHead>(head));
        string exported = temp.File("onnx-export");

        OnnxFolder.Export(model, exported);

        double[,] expected = Predict(model, Texts, out int[][] ids);
        using var onnx = new ToxicityModel(exported);
        Assert.Equal(ids, Texts.Select(onnx.Tokenize));
        Assert.Equal(LabelNames.All, onnx.Labels);
        double difference = MaxDifference(expected, onnx.Score(Texts), Enumerable.Range(0, Texts.Length));
        Assert.True(difference <= 1e-5, $"ONNX Runtime differs from toxic predict by {difference:E2}");
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "config.json")))!.AsObject();
        Assert.Equal(encoder, (string?)config["model_type"]); // transformers.js picks its class by it
        Assert.Equal("multi_label_classification", (string?)config["problem_type"]);
        Assert.False(File.Exists(Path.Combine(exported, "model.safetensors")));
        AssertCheckerPasses(Path.Combine(exported, OnnxFolder.GraphPath));
    }

    [Fact]
    public void Export_DefaultModelsShape_OnRealComments_OnnxRuntimeAndTransformersJsAgreeWithToxicPredict()
    {
        // The default model's architecture (MiniLM, mean-pooled head) with a classifier large enough to spread the
        // probabilities over (0, 1); 240 of the real sample's test comments, short to over 512 tokens.
        using var temp = new TempFolder();
        string model = temp.File("model");
        var classifier = (MeanPooledClassifier)PretrainedModels.CreateClassifier(PretrainedModels.LoadEncoder(OfflineModel.Name).Encoder, ClassifierHead.MeanPooled, LabelNames.Count, seed: 3);
        using (classifier)
        {
            manual_seed(3);
            classifier.SetClassifier(randn(LabelNames.Count, 384) * 0.5, randn(LabelNames.Count) - 2);
            PretrainedModels.SaveSequenceClassifier(classifier, OfflineModel.Tokenizer(), LabelNames.All, model);
        }
        string[] comments = EmbeddedDataset.JigsawSample.Test().Where(c => c.IsScored).Take(240).Select(c => c.Text).ToArray();
        string exported = temp.File("onnx-export");
        OnnxFolder.Export(model, exported);
        double[,] expected = Predict(model, comments, out int[][] ids);
        bool[] cutShort = new bool[comments.Length];
        foreach ((string comment, int i) in comments.Select((c, i) => (c, i)))
        {
            OfflineModel.Tokenizer().Encode(comment, 512, out cutShort[i]);
        }
        int[] whole = Enumerable.Range(0, comments.Length).Where(i => !cutShort[i]).ToArray();

        using var onnx = new ToxicityModel(exported);
        double runtime = MaxDifference(expected, comments.Chunk(16).SelectMany(onnx.Score).ToArray(), Enumerable.Range(0, comments.Length));

        string textsFile = temp.File("texts.json");
        File.WriteAllText(textsFile, JsonSerializer.Serialize(comments));
        ExternalTools.Result node = ExternalTools.RunTransformersJs(exported, textsFile);
        Assert.True(node.ExitCode == 0, $"transformers.js failed: {node.Stderr}");
        JsonObject js = JsonNode.Parse(node.Stdout)!.AsObject();
        Assert.Equal(LabelNames.All, js["labels"]!.AsArray().Select(label => (string)label!));
        float[][] jsProbabilities = js["probabilities"]!.AsArray().Select(row => row!.AsArray().Select(p => (float)p!).ToArray()).ToArray();
        int[][] jsIds = js["tokens"]!.AsArray().Select(row => row!.AsArray().Select(id => (int)id!).ToArray()).ToArray();
        double transformersJs = MaxDifference(expected, jsProbabilities, whole);
        // transformers.js 4.3.1 truncates after adding [SEP], so a comment over 512 tokens ends in a word piece there.
        int[] cut = Enumerable.Range(0, comments.Length).Except(whole).ToArray();

        output.WriteLine($"{comments.Length} comments, {cut.Length} over 512 tokens; max |difference| from toxic predict: ONNX Runtime {runtime:E2}, "
            + $"transformers.js {transformersJs:E2} on the {whole.Length} whole ones, {MaxDifference(expected, jsProbabilities, cut):E2} on the cut ones");
        Assert.True(comments.Length >= 200 && whole.Length >= 200, $"{whole.Length} whole comments of {comments.Length}");
        Assert.True(cut.Length > 0, "no comment over 512 tokens: the long case is not exercised");
        Assert.True(runtime <= 1e-4, $"ONNX Runtime differs from toxic predict by {runtime:E2}");
        Assert.True(transformersJs <= 1e-4, $"transformers.js differs from toxic predict by {transformersJs:E2}");
        Assert.All(whole, i => Assert.Equal(ids[i], jsIds[i]));
        Assert.All(cut, i => Assert.Equal(ids[i][..^1], jsIds[i][..^1]));
        AssertCheckerPasses(Path.Combine(exported, OnnxFolder.GraphPath));
    }

    [Fact]
    public void ExportCommand_WritesTheFolder_AndRefusesAMissingModelOrItsOwnFolder()
    {
        using var temp = new TempFolder();
        string model = TinyClassifier.Save(temp.File("model"));

        ToxicProcess.Result exported = ToxicProcess.Run(temp.Path, "export", "onnx", "--model", model, "--out", temp.File("served"));
        ToxicProcess.Result missing = ToxicProcess.Run(temp.Path, "export", "onnx", "--model", temp.File("nothing"), "--out", temp.File("other"));
        ToxicProcess.Result itself = ToxicProcess.Run(temp.Path, "export", "onnx", "--model", model, "--out", model);

        Assert.True(exported.ExitCode == 0, exported.Stderr);
        foreach (string file in (string[])["config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", OnnxFolder.GraphPath, "README.md"])
        {
            Assert.True(File.Exists(Path.Combine(temp.File("served"), file)), $"{file} is missing");
        }
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(temp.File("nothing"), missing.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("other")));
        Assert.Equal(1, itself.ExitCode);
        Assert.Contains("--out is the model folder itself", itself.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors")));
    }

    private static double[,] Predict(string folder, IReadOnlyList<string> texts, out int[][] ids)
    {
        using CommentScorer scorer = CommentScorer.Load(folder, CPU);
        ids = texts.Select(text => scorer.Tokenizer.Encode(text, scorer.MaxLength)).ToArray();
        return scorer.Score(texts);
    }

    private static double MaxDifference(double[,] expected, float[][] actual, IEnumerable<int> rows)
    {
        Assert.Equal(expected.GetLength(0), actual.Length);
        return rows.Max(row => Enumerable.Range(0, expected.GetLength(1)).Max(label => Math.Abs(expected[row, label] - actual[row][label])));
    }

    private static void AssertCheckerPasses(string graph)
    {
        ExternalTools.Result checker = ExternalTools.RunPython("-c", "import onnx, sys; onnx.checker.check_model(sys.argv[1], full_check=True); print('ok')", graph);
        Assert.True(checker.ExitCode == 0 && checker.Stdout.Trim() == "ok", $"onnx.checker: {checker.Stderr}");
    }
}
