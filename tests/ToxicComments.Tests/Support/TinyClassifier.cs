using ToxicComments.Data;
using ToxicComments.Hub;
using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.Heads;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Support;

/// <summary>
/// A random BERT classifier small enough to build, save and score in a test (2 layers, 32 wide, 64 positions),
/// with the offline model's real vocabulary so that any text tokenizes to ids the embedding table has.
/// </summary>
public static class TinyClassifier
{
    /// <summary>Saves a fresh classifier for Kaggle's six labels to <paramref name="folder"/> and returns the folder.</summary>
    public static string Save(string folder, int seed = 7)
    {
        manual_seed(seed);
        using var model = new BertForSequenceClassification(new BertModel(BertConfig.Tiny() with { VocabSize = 30522 }), LabelNames.Count);
        PretrainedModels.SaveSequenceClassifier(model, OfflineModel.Tokenizer(), LabelNames.All, folder);
        return folder;
    }
}
