using System.Text.Json.Nodes;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling;

/// <summary>
/// Model folders that parse but make no sense: each is refused when it is loaded, with one message naming the file
/// and the key, where it used to crash later (a division by zero, a native error, an InvalidOperationException).
/// </summary>
public sealed class ModelFolderValidationTests : IDisposable
{
    private static readonly string[] Labels = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"];

    private readonly TempFolder temp = new();

    public ModelFolderValidationTests()
    {
        using var bert = new BertForSequenceClassification(new BertModel(BertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(bert, OfflineModel.Tokenizer(), Labels, temp.File("bert"));
        using var distilbert = new DistilBertForSequenceClassification(new DistilBertModel(DistilBertConfig.Tiny()), 6);
        PretrainedModels.SaveSequenceClassifier(distilbert, OfflineModel.Tokenizer(), Labels, temp.File("distilbert"));
    }

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("bert", "num_attention_heads", "0", "'num_attention_heads' is 0; a size must be 1 or more.")]
    [InlineData("bert", "hidden_size", "-32", "'hidden_size' is -32; a size must be 1 or more.")]
    [InlineData("bert", "max_position_embeddings", "0", "'max_position_embeddings' is 0; a size must be 1 or more.")]
    [InlineData("bert", "attention_probs_dropout_prob", "1.5", "'attention_probs_dropout_prob' is 1.5; a dropout rate is at least 0 and below 1.")]
    [InlineData("distilbert", "n_heads", "0", "'n_heads' is 0; a size must be 1 or more.")]
    [InlineData("distilbert", "n_layers", "-1", "'n_layers' is -1; a size must be 1 or more.")]
    [InlineData("bert", "hidden_size", "\"wide\"", "not a valid config.json")]
    [InlineData("bert", "model_type", "7", "model_type '7' is not supported")]
    [InlineData("bert", "architectures", "\"BertModel\"", "'architectures' must be a list of class names.")]
    [InlineData("bert", "id2label", "{\"0\": \"toxic\", \"1\": 7}", "not a valid config.json")]
    public void LoadSequenceClassifier_ConfigValueOutOfRangeOrOfTheWrongType_NamesFileAndKey(string model, string key, string value, string expected)
    {
        string folder = temp.File(model);
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config[key] = JsonNode.Parse(value);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadSequenceClassifier(folder));

        Assert.StartsWith(Path.Combine(folder, "config.json") + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"0": "toxic", "00": "insult"}""", "'id2label' key '00' is not an index from 0 to 1.")]
    [InlineData("""{"0": "toxic", "-1": "insult"}""", "'id2label' key '-1' is not an index from 0 to 1.")]
    public void LoadSequenceClassifier_Id2LabelKeysThatCollideOrValuesOfTheWrongType_AreRefused(string id2label, string expected)
    {
        string folder = temp.File("bert");
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config["id2label"] = JsonNode.Parse(id2label);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadSequenceClassifier(folder));

        Assert.Equal($"{Path.Combine(folder, "config.json")}: {expected}", error.Message);
    }

    [Fact]
    public void LoadSequenceClassifier_NaNWeights_NamesTheWeight()
    {
        string folder = temp.File("bert");
        using (StateDict weights = SafeTensors.Read(Path.Combine(folder, "model.safetensors")))
        {
            Dictionary<string, Tensor> changed = weights.ToDictionary(p => p.Key, p => p.Value.clone());
            changed["classifier.bias"][2] = float.NaN;
            SafeTensors.Write(Path.Combine(folder, "model.safetensors"), changed);
        }
        WeightChecksums.Write(folder);

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadSequenceClassifier(folder));

        Assert.Equal($"{Path.Combine(folder, "model.safetensors")}: weight 'classifier.bias' holds NaN or infinite values.", error.Message);
    }

    [Fact]
    public void LoadSequenceClassifier_AFlippedByteInTheWeights_IsCaughtByTheChecksum()
    {
        string folder = temp.File("distilbert");
        string file = Path.Combine(folder, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0x01; // one bit of one weight: still a valid file, a slightly different model
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModels.LoadSequenceClassifier(folder));

        Assert.StartsWith($"{file}: SHA-256 ", error.Message);
        Assert.Contains("the file is damaged or was changed", error.Message);
    }

    [Fact]
    public void SaveSequenceClassifier_WritesAChecksumThatSha256sumReads()
    {
        string folder = temp.File("bert");

        string line = File.ReadAllText(Path.Combine(folder, WeightChecksums.FileName));

        using var stream = File.OpenRead(Path.Combine(folder, "model.safetensors"));
        Assert.Equal($"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))}  model.safetensors\n", line);
    }

    [Theory]
    [InlineData("model.type", "7", "'model.type' is not a string.")]
    [InlineData("model.unk_token", "[1]", "'model.unk_token' is not a string.")]
    public void TokenizerJson_FieldOfTheWrongType_NamesFileAndKey(string key, string value, string expected)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizer", "tokenizer.json");
        JsonObject tokenizer = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        tokenizer["model"]![key["model.".Length..]] = JsonNode.Parse(value);
        string folder = Directory.CreateDirectory(temp.File("tokenizer")).FullName;
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizer.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => ToxicComments.Tokenization.BertTokenizerFiles.Load(folder));

        Assert.Equal($"{Path.Combine(folder, "tokenizer.json")}: {expected}", error.Message);
    }
}
