using ToxicComments.Data;
using ToxicComments.Data.Synthetic;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Tests.Training;

/// <summary>A two-layer, 32-wide BERT with the tutorial's head and real tokenized comments: trains in milliseconds a step.</summary>
internal static class TinyTraining
{
    public const int MaxLength = 48;

    public static BertConfig Config(double dropout = 0.1) => BertConfig.Tiny() with
    {
        VocabSize = 30522, MaxPositionEmbeddings = 64, HiddenDropoutProb = dropout, AttentionProbsDropoutProb = dropout,
    };

    /// <summary>A fresh model; the same seed gives the same weights.</summary>
    public static Module<Tensor, Tensor, Tensor, Tensor> Model(int seed = 5, double dropout = 0.1, ClassifierHead head = ClassifierHead.Tutorial)
    {
        random.manual_seed(seed);
        var encoder = TextEncoder.From(new BertModel(Config(dropout)));
        return PretrainedModels.CreateClassifier(encoder, head, LabelNames.Count, seed);
    }

    public static CommentSet Comments(int rows, uint seed = 3) => SyntheticComments.Generate(rows, seed, $"synthetic ({rows} rows)");

    public static TokenizedComments Tokenized(CommentSet comments) => TokenizedComments.Encode(OfflineModel.Tokenizer(), comments, MaxLength);

    public static TokenizedComments Tokenized(int rows, uint seed = 3) => Tokenized(Comments(rows, seed));

    /// <summary>Every parameter and buffer, copied to the CPU.</summary>
    public static Dictionary<string, Tensor> Weights(Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());

    public static void AssertSameWeights(Module expected, Module actual)
    {
        Dictionary<string, Tensor> a = Weights(expected), b = Weights(actual);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach ((string key, Tensor value) in a)
        {
            Assert.True(value.allclose(b[key], rtol: 0, atol: 0), $"{key} differs: max |diff| {(value - b[key]).abs().max().item<float>()}");
        }
    }
}
