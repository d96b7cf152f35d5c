using System.Text.Json.Nodes;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Tests.Modeling;

public sealed class PretrainedModelsTests
{
    private static readonly string[] Labels = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"];

    [Fact]
    public void SaveThenLoad_RandomDistilBert_GivesIdenticalOutputsAndHuggingFaceConfig()
    {
        using var temp = new TempFolder();
        manual_seed(11);
        using var model = new DistilBertForSequenceClassification(new DistilBertModel(DistilBertConfig.Tiny()), Labels.Length);
        model.eval();

        PretrainedModels.SaveSequenceClassifier(model, OfflineModel.Tokenizer(), Labels, temp.Path);
        (Module<Tensor, Tensor, Tensor, Tensor> loaded, IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(temp.Path);

        using (loaded)
        {
            (Tensor ids, Tensor mask) = Batch();
            using Tensor expected = model.forward(ids, mask, zeros_like(ids));
            using Tensor actual = loaded.forward(ids, mask, zeros_like(ids));
            Assert.True(actual.allclose(expected, rtol: 0, atol: 0), "outputs changed through save and load");
            Assert.All(loaded.parameters(), p => Assert.True(p.requires_grad));
        }
        Assert.Equal(Labels, labels);
        JsonObject config = JsonNode.Parse(File.ReadAllText(temp.File("config.json")))!.AsObject();
        Assert.Equal("distilbert", (string?)config["model_type"]);
        Assert.Equal("DistilBertForSequenceClassification", (string?)config["architectures"]![0]);
        Assert.Equal("multi_label_classification", (string?)config["problem_type"]);
        Assert.Equal("threat", (string?)config["id2label"]!["3"]);
        Assert.Equal(32, (int?)config["dim"]);
        using StateDict saved = SafeTensors.Read(temp.File("model.safetensors"));
        Assert.Equal(model.state_dict().Keys.Order(), saved.Keys.Order());
    }

    [Fact]
    public void SaveThenLoad_TutorialHead_GivesIdenticalOutputs_AndItsEncoderLoadsAlone()
    {
        using var temp = new TempFolder();
        using Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(
            TextEncoder.From(new BertModel(BertConfig.Tiny())), ClassifierHead.Tutorial, Labels.Length, seed: 2);
        model.eval();

        PretrainedModels.SaveSequenceClassifier(model, OfflineModel.Tokenizer(), Labels, temp.Path);
        (Module<Tensor, Tensor, Tensor, Tensor> loaded, IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(temp.Path);

        using (loaded)
        {
            Assert.IsType<ToxicCommentClassifier>(loaded);
            (Tensor ids, Tensor mask) = Batch();
            using Tensor expected = model.forward(ids, mask, zeros_like(ids));
            using Tensor actual = loaded.forward(ids, mask, zeros_like(ids));
            Assert.True(actual.allclose(expected, rtol: 0, atol: 0), "outputs changed through save and load");
        }
        Assert.Equal(Labels, labels);
        JsonObject config = JsonNode.Parse(File.ReadAllText(temp.File("config.json")))!.AsObject();
        Assert.Equal("ToxicCommentClassifier", (string?)config["architectures"]![0]);
        Assert.Equal("toxic_comments", (string?)config["model_type"]);
        Assert.Equal("bert", (string?)config["encoder"]!["model_type"]);
        // As an encoder alone: the encoder under bert.*, the head reported as unexpected.
        PretrainedEncoder encoder = PretrainedModels.LoadEncoder(temp.Path);
        Assert.Empty(encoder.Report.Missing);
        Assert.Contains("dense_1.weight", encoder.Report.Unexpected);
    }

    [Fact]
    public void SaveThenLoad_MeanPooledHead_GivesIdenticalOutputs()
    {
        using var temp = new TempFolder();
        using Module<Tensor, Tensor, Tensor, Tensor> model = PretrainedModels.CreateClassifier(
            TextEncoder.From(new DistilBertModel(DistilBertConfig.Tiny())), ClassifierHead.MeanPooled, Labels.Length, seed: 2);
        model.eval();

        PretrainedModels.SaveSequenceClassifier(model, OfflineModel.Tokenizer(), Labels, temp.Path);
        (Module<Tensor, Tensor, Tensor, Tensor> loaded, _) = PretrainedModels.LoadSequenceClassifier(temp.Path);

        using (loaded)
        {
            Assert.IsType<MeanPooledClassifier>(loaded);
            (Tensor ids, Tensor mask) = Batch();
            using Tensor expected = model.forward(ids, mask, zeros_like(ids));
            using Tensor actual = loaded.forward(ids, mask, zeros_like(ids));
            Assert.True(actual.allclose(expected, rtol: 0, atol: 0), "outputs changed through save and load");
        }
        JsonObject config = JsonNode.Parse(File.ReadAllText(temp.File("config.json")))!.AsObject();
        Assert.Equal("MeanPooledClassifier", (string?)config["architectures"]![0]);
        Assert.Equal(["pooled_classifier.bias", "pooled_classifier.weight"], PretrainedModels.LoadEncoder(temp.Path).Report.Unexpected.Order());
    }

    [Fact]
    public void MeanPooledHead_PaddingDoesNotChangeAComment()
    {
        using var model = (MeanPooledClassifier)PretrainedModels.CreateClassifier(
            TextEncoder.From(new BertModel(BertConfig.Tiny())), ClassifierHead.MeanPooled, Labels.Length, seed: 3);
        model.eval();
        using Tensor alone = tensor(new long[] { 1, 7, 2 }).reshape(1, 3);
        using Tensor padded = tensor(new long[] { 1, 7, 2, 0, 0 }).reshape(1, 5);

        using Tensor expected = model.forward(alone, ones_like(alone), zeros_like(alone));
        using Tensor actual = model.forward(padded, tensor(new long[] { 1, 1, 1, 0, 0 }).reshape(1, 5), zeros_like(padded));

        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-6), $"padding moved the logits by {(actual - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void CreateClassifier_SameSeed_SameHead()
    {
        using Module<Tensor, Tensor, Tensor, Tensor> a = PretrainedModels.CreateClassifier(TextEncoder.From(new BertModel(BertConfig.Tiny())), ClassifierHead.Tutorial, 6, seed: 4);
        using Module<Tensor, Tensor, Tensor, Tensor> b = PretrainedModels.CreateClassifier(TextEncoder.From(new BertModel(BertConfig.Tiny())), ClassifierHead.Tutorial, 6, seed: 4);

        Assert.True(a.state_dict()["dense_1.weight"].allclose(b.state_dict()["dense_1.weight"], rtol: 0, atol: 0));
    }

    [Fact]
    public void LoadEncoder_TaskCheckpoint_TakesTheEncoderAndReportsTheHead()
    {
        using var temp = new TempFolder();
        manual_seed(3);
        using var task = new BertForSequenceClassification(new BertModel(BertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), Labels, temp.Path);

        PretrainedEncoder loaded = PretrainedModels.LoadEncoder(temp.Path);

        Assert.Equal("bert", loaded.Encoder.KeyPrefix);
        Assert.Empty(loaded.Report.Missing);
        Assert.Equal(["classifier.bias", "classifier.weight"], loaded.Report.Unexpected.Order());
        Assert.Equal(task.state_dict()["bert.encoder.layer.1.output.dense.weight"].data<float>().ToArray(),
            loaded.Encoder.Module.state_dict()["encoder.layer.1.output.dense.weight"].data<float>().ToArray());
        Assert.Equal(OfflineModel.Tokenizer().Encode("Hello there"), loaded.Tokenizer.Encode("Hello there"));
    }

    [Fact]
    public void LoadEncoder_AttentionDropoutOverride_ReachesTheAttentionAndTheSavedConfig()
    {
        using var temp = new TempFolder();
        // No hidden dropout, so that in training mode only the attention's dropout can change an output.
        using var task = new BertForSequenceClassification(new BertModel(BertConfig.Tiny() with { HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0.5 }), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), Labels, temp.Path);
        (Tensor ids, Tensor mask) = Batch();

        float TrainingMinusEvaluation(Module<Tensor, Tensor, Tensor, Tensor> model)
        {
            using var scope = NewDisposeScope();
            model.train();
            Tensor training = model.forward(ids, mask, zeros_like(ids));
            model.eval();
            return (training - model.forward(ids, mask, zeros_like(ids))).abs().max().item<float>();
        }

        using Module<Tensor, Tensor, Tensor, Tensor> asConfigured = PretrainedModels.LoadEncoder(temp.Path).Encoder.Module;
        using Module<Tensor, Tensor, Tensor, Tensor> overridden = PretrainedModels.CreateClassifier(
            PretrainedModels.LoadEncoder(temp.Path, attentionDropout: 0).Encoder, ClassifierHead.MeanPooled, Labels.Length, seed: 5);

        Assert.True(TrainingMinusEvaluation(asConfigured) > 1e-3, "the configuration's attention dropout did nothing in training mode");
        Assert.Equal(0f, TrainingMinusEvaluation(overridden));
        PretrainedModels.SaveSequenceClassifier(overridden, OfflineModel.Tokenizer(), Labels, temp.Path);
        Assert.Equal(0.0, (double?)JsonNode.Parse(File.ReadAllText(temp.File("config.json")))!["encoder"]!["attention_probs_dropout_prob"]);
        Assert.Equal(0.25, ((DistilBertModel)PretrainedModels.LoadEncoder(DistilBertFolder(temp), attentionDropout: 0.25).Encoder.Module).Config.AttentionDropout);
        Assert.Throws<ArgumentOutOfRangeException>(() => PretrainedModels.LoadEncoder(temp.Path, attentionDropout: 1));
    }

    [Fact]
    public void LoadEncoder_WeightOfTheWrongShape_NamesKeyAndShapes()
    {
        using var temp = new TempFolder();
        using var task = new BertForSequenceClassification(new BertModel(BertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), Labels, temp.Path);
        // The config now says 48 wide; the weights are 32 wide.
        File.WriteAllText(temp.File("config.json"), File.ReadAllText(temp.File("config.json")).Replace("\"hidden_size\": 32", "\"hidden_size\": 48", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadEncoder(temp.Path));

        Assert.Contains("model.safetensors: shape mismatch for embeddings.word_embeddings.weight: checkpoint [100, 32], model [100, 48]", error.Message);
    }

    [Fact]
    public void LoadEncoder_TruncatedWeights_NamesTheFile()
    {
        using var temp = new TempFolder();
        using var task = new DistilBertForSequenceClassification(new DistilBertModel(DistilBertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), Labels, temp.Path);
        byte[] bytes = File.ReadAllBytes(temp.File("model.safetensors"));
        File.WriteAllBytes(temp.File("model.safetensors"), bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadEncoder(temp.Path));

        Assert.StartsWith(temp.File("model.safetensors"), error.Message);
    }

    [Fact]
    public void LoadEncoder_FolderWithoutWeights_SaysWhatIsMissing()
    {
        using var temp = new TempFolder();
        temp.Write("config.json", """{"model_type": "distilbert", "dim": 32, "n_heads": 4, "n_layers": 1, "hidden_dim": 64}""");

        var error = Assert.Throws<FileNotFoundException>(() => PretrainedModels.LoadEncoder(temp.Path));

        Assert.Contains("no model.safetensors or pytorch_model.bin", error.Message);
    }

    [Fact]
    public void LoadEncoder_UnsupportedModelType_NamesIt()
    {
        using var temp = new TempFolder();
        temp.Write("config.json", """{"model_type": "gpt2"}""");

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadEncoder(temp.Path));

        Assert.Contains("model_type 'gpt2' is not supported", error.Message);
    }

    private static string DistilBertFolder(TempFolder temp)
    {
        string folder = temp.File("distilbert");
        using var task = new DistilBertForSequenceClassification(new DistilBertModel(DistilBertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(task, OfflineModel.Tokenizer(), Labels, folder);
        return folder;
    }

    private static (Tensor Ids, Tensor Mask) Batch() =>
        (tensor(new long[] { 1, 5, 6, 2, 1, 7, 2, 0 }).reshape(2, 4), tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }).reshape(2, 4));
}
