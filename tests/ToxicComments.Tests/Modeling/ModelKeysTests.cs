using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;

namespace ToxicComments.Tests.Modeling;

/// <summary>State-dict keys must be Hugging Face's, letter for letter, or checkpoints will not load by name.</summary>
public sealed class ModelKeysTests
{
    [Fact]
    public void DistilBertForSequenceClassification_Keys_AreHuggingFaces()
    {
        using var model = new DistilBertForSequenceClassification(new DistilBertModel(DistilBertConfig.Tiny()), 6);

        string[] expected =
        [
            "distilbert.embeddings.word_embeddings.weight", "distilbert.embeddings.position_embeddings.weight",
            "distilbert.embeddings.LayerNorm.weight", "distilbert.embeddings.LayerNorm.bias",
            .. Enumerable.Range(0, 2).SelectMany(i => new[]
            {
                "attention.q_lin.weight", "attention.q_lin.bias", "attention.k_lin.weight", "attention.k_lin.bias",
                "attention.v_lin.weight", "attention.v_lin.bias", "attention.out_lin.weight", "attention.out_lin.bias",
                "sa_layer_norm.weight", "sa_layer_norm.bias", "ffn.lin1.weight", "ffn.lin1.bias", "ffn.lin2.weight", "ffn.lin2.bias",
                "output_layer_norm.weight", "output_layer_norm.bias",
            }.Select(key => $"distilbert.transformer.layer.{i}.{key}")),
            "pre_classifier.weight", "pre_classifier.bias", "classifier.weight", "classifier.bias",
        ];

        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void BertForSequenceClassification_Keys_AreHuggingFaces()
    {
        using var model = new BertForSequenceClassification(new BertModel(BertConfig.Tiny()), 6);

        string[] expected =
        [
            "bert.embeddings.word_embeddings.weight", "bert.embeddings.position_embeddings.weight",
            "bert.embeddings.token_type_embeddings.weight", "bert.embeddings.LayerNorm.weight", "bert.embeddings.LayerNorm.bias",
            .. Enumerable.Range(0, 2).SelectMany(i => new[]
            {
                "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight", "attention.self.key.bias",
                "attention.self.value.weight", "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
                "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
                "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias",
            }.Select(key => $"bert.encoder.layer.{i}.{key}")),
            "bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias",
        ];

        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void ToxicCommentClassifier_Keys_PrefixTheEncoderLikeHuggingFace()
    {
        using var model = new ToxicCommentClassifier(TextEncoder.From(new DistilBertModel(DistilBertConfig.Tiny())));

        string[] keys = [.. model.state_dict().Keys];

        Assert.Contains("distilbert.transformer.layer.1.ffn.lin2.weight", keys);
        Assert.Equal(["classifier.bias", "classifier.weight", "dense_1.bias", "dense_1.weight", "dense_2.bias", "dense_2.weight"],
            keys.Where(k => !k.StartsWith("distilbert.", StringComparison.Ordinal)).Order());
    }
}
