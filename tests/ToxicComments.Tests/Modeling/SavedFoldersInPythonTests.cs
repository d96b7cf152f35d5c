using System.Text.Json;
using System.Text.Json.Nodes;
using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Inference;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Folders;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Tests.Modeling;

/// <summary>
/// What Python's <c>transformers</c> does with each kind of saved folder, by <c>tests/reference/hf_folder.py</c>: a
/// NumPy re-implementation of <c>from_pretrained</c> and the text-classification pipeline, written from Hugging
/// Face's behaviour (transformers itself cannot be installed here). Every head either gives <c>toxic predict</c>'s
/// probabilities or is refused; none loads silently into another class.
/// </summary>
public sealed class SavedFoldersInPythonTests
{
    private const double Tolerance = 1e-5;

    private static readonly string[] Texts =
    [
        "Thanks for fixing the citation on the article.",
        "You are an idiot",
        "== Sources ==\nThe second paragraph repeats the first; I removed it. Please discuss on the talk page before reverting again!!",
        "ok",
    ];

    public static TheoryData<string, string> Kinds() => new()
    {
        { "bert", nameof(ClassifierHead.HuggingFace) }, { "distilbert", nameof(ClassifierHead.HuggingFace) },
        { "bert", nameof(ClassifierHead.MeanPooled) }, { "distilbert", nameof(ClassifierHead.MeanPooled) },
        { "bert", nameof(ClassifierHead.Tutorial) }, { "distilbert", nameof(ClassifierHead.Tutorial) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Python_GivesToxicPredictsProbabilities_OrRefuses(string encoder, string head)
    {
        using var temp = new TempFolder();
        string folder = SaveTiny(temp.File("model"), encoder, Enum.Parse<ClassifierHead>(head));
        (double[,] expected, int[][] ids) = Predict(folder);
        string idsFile = temp.File("ids.json");
        File.WriteAllText(idsFile, JsonSerializer.Serialize(new { input_ids = ids }));
        string stockClass = encoder == "bert" ? "BertForSequenceClassification" : "DistilBertForSequenceClassification";

        ExternalTools.Result auto = ExternalTools.RunPython("tests/reference/hf_folder.py", folder, "--ids", idsFile);
        if (head == nameof(ClassifierHead.HuggingFace))
        {
            AssertSameProbabilities(auto, expected, stockClass);
            return;
        }
        // This library's heads: refused without trust_remote_code, exact with it, refused by a stock class named outright.
        Assert.True(auto.ExitCode == 3, $"loaded without trust_remote_code (exit {auto.ExitCode}): {auto.Stdout}{auto.Stderr}");
        Assert.Contains("trust_remote_code", auto.Stderr, StringComparison.Ordinal);
        string architecture = head == nameof(ClassifierHead.MeanPooled) ? "MeanPooledClassifier" : "ToxicCommentClassifier";
        AssertSameProbabilities(ExternalTools.RunPython("tests/reference/hf_folder.py", folder, "--ids", idsFile, "--trust-remote-code"), expected, architecture);
        ExternalTools.Result stock = ExternalTools.RunPython("tests/reference/hf_folder.py", folder, "--ids", idsFile, "--model-class", stockClass);
        Assert.True(stock.ExitCode == 3, $"{stockClass}.from_pretrained took the folder (exit {stock.ExitCode}): {stock.Stdout}{stock.Stderr}");
    }

    [Theory]
    [InlineData(nameof(ClassifierHead.MeanPooled), "MeanPooledClassifier")]
    [InlineData(nameof(ClassifierHead.Tutorial), "ToxicCommentClassifier")]
    public void CustomHeadFolder_ShipsAModelingFileThatDefinesItsAutoMapClasses(string head, string architecture)
    {
        using var temp = new TempFolder();
        string folder = SaveTiny(temp.Path, "bert", Enum.Parse<ClassifierHead>(head));
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();

        Assert.Equal(ClassifierConfig.ModelType, (string?)config["model_type"]);
        Assert.Equal("modeling_toxic_comments.ToxicCommentsConfig", (string?)config["auto_map"]!["AutoConfig"]);
        Assert.Equal($"modeling_toxic_comments.{architecture}", (string?)config["auto_map"]!["AutoModelForSequenceClassification"]);
        Assert.Equal("bert", (string?)config["encoder"]!["model_type"]);
        // The file parses as Python and defines the classes auto_map names, and the config class's model_type.
        ExternalTools.Result classes = ExternalTools.RunPython("-c",
            "import ast, sys; tree = ast.parse(open(sys.argv[1]).read()); print(' '.join(n.name for n in tree.body if isinstance(n, ast.ClassDef)))",
            Path.Combine(folder, ClassifierConfig.ModelingFile));
        Assert.True(classes.ExitCode == 0, classes.Stderr);
        Assert.Contains("ToxicCommentsConfig", classes.Stdout.Split(), StringComparer.Ordinal);
        Assert.Contains(architecture, classes.Stdout.Split(), StringComparer.Ordinal);
        Assert.Contains($"model_type = \"{ClassifierConfig.ModelType}\"", File.ReadAllText(Path.Combine(folder, ClassifierConfig.ModelingFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void FolderSavedByAnEarlierVersion_StillLoadsHere_WithTheSameOutputs()
    {
        // Earlier versions saved the mean-pooled head as model_type bert with classifier.* weights, which Python's
        // transformers read as BertForSequenceClassification. Such a folder still loads here, as what it is.
        using var temp = new TempFolder();
        string folder = SaveTiny(temp.File("model"), "bert", ClassifierHead.MeanPooled);
        (double[,] expected, _) = Predict(folder);
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        JsonObject legacy = config["encoder"]!.DeepClone().AsObject();
        foreach (string key in (string[])["architectures", "problem_type", "id2label", "label2id"])
        {
            legacy[key] = config[key]!.DeepClone();
        }
        File.WriteAllText(Path.Combine(folder, "config.json"), legacy.ToJsonString());
        using (var weights = ToxicComments.Modeling.Weights.SafeTensors.Read(Path.Combine(folder, "model.safetensors")))
        {
            var renamed = weights.ToDictionary(p => p.Key.Replace("pooled_classifier.", "classifier.", StringComparison.Ordinal), p => p.Value.clone());
            ToxicComments.Modeling.Weights.SafeTensors.Write(Path.Combine(folder, "model.safetensors"), renamed);
        }
        WeightChecksums.Write(folder);

        (double[,] actual, _) = Predict(folder);

        Assert.Equal(expected, actual);
    }

    /// <summary>A random classifier of the given kind, 2 layers and 32 wide, with the offline model's vocabulary.</summary>
    internal static string SaveTiny(string folder, string encoder, ClassifierHead head, int seed = 5)
    {
        manual_seed(seed);
        TextEncoder text = encoder == "bert"
            ? TextEncoder.From(new BertModel(BertConfig.Tiny() with { VocabSize = 30522 }))
            : TextEncoder.From(new DistilBertModel(DistilBertConfig.Tiny() with { VocabSize = 30522 }));
        using Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(text, head, LabelNames.Count, seed);
        model.eval();
        PretrainedModels.SaveSequenceClassifier(model, OfflineModel.Tokenizer(), LabelNames.All, folder);
        return folder;
    }

    /// <summary>What <c>toxic predict</c> computes for <see cref="Texts"/>, and the ids it fed the model.</summary>
    private static (double[,] Probabilities, int[][] Ids) Predict(string folder)
    {
        using CommentScorer scorer = CommentScorer.Load(folder, CPU);
        return (scorer.Score(Texts), Texts.Select(text => scorer.Tokenizer.Encode(text, scorer.MaxLength)).ToArray());
    }

    private static void AssertSameProbabilities(ExternalTools.Result python, double[,] expected, string modelClass)
    {
        Assert.True(python.ExitCode == 0, $"hf_folder.py exited {python.ExitCode}: {python.Stderr}");
        JsonObject result = JsonNode.Parse(python.Stdout)!.AsObject();
        Assert.Equal(modelClass, (string?)result["model_class"]);
        Assert.Equal("sigmoid", (string?)result["function"]);
        Assert.Equal(LabelNames.All, result["labels"]!.AsArray().Select(label => (string)label!));
        JsonArray rows = result["probabilities"]!.AsArray();
        Assert.Equal(expected.GetLength(0), rows.Count);
        double worst = 0;
        for (int row = 0; row < rows.Count; row++)
        {
            for (int label = 0; label < expected.GetLength(1); label++)
            {
                worst = Math.Max(worst, Math.Abs((double)rows[row]![label]! - expected[row, label]));
            }
        }
        Assert.True(worst <= Tolerance, $"{modelClass} in Python differs from toxic predict by {worst:E2}");
    }
}
