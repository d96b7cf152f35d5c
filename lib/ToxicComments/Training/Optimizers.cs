using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ToxicComments.Training;

/// <summary>The optimizer of a run, over the parameters that train.</summary>
public static class Optimizers
{
    // The encoders' keys inside a task model (TextEncoder.KeyPrefix).
    private static readonly string[] EncoderPrefixes = ["bert.", "distilbert."];

    /// <summary>
    /// The parameters that train: all of them; with <paramref name="freezeEncoder"/>, only the head's; with
    /// <paramref name="freezeEmbeddings"/>, all but the encoder's embedding layer (word, position and token-type
    /// embeddings and their LayerNorm). Frozen ones are switched to <c>requires_grad = false</c>, so no gradient is
    /// computed for them at all.
    /// </summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> Trainable(nn.Module model, bool freezeEncoder, bool freezeEmbeddings = false)
    {
        var trainable = new List<(string, Parameter)>();
        foreach ((string name, Parameter parameter) in model.named_parameters())
        {
            bool inEncoder = EncoderPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
            bool frozen = inEncoder && (freezeEncoder || (freezeEmbeddings && IsEmbeddingLayer(name)));
            parameter.requires_grad = !frozen;
            if (!frozen)
            {
                trainable.Add((name, parameter));
            }
        }
        if (trainable.Count == 0)
        {
            throw new ArgumentException("the model has no trainable parameters.", nameof(model));
        }
        return trainable;
    }

    /// <summary>
    /// Adam as the tutorial's Keras compiles it (epsilon 1e-7, Keras's default), or AdamW as Hugging Face's
    /// <c>Trainer</c> sets it up (epsilon 1e-8; biases and LayerNorm weights are not decayed).
    /// </summary>
    public static OptimizerHelper Create(IReadOnlyList<(string Name, Parameter Parameter)> parameters, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Optimizer == OptimizerKind.Adam)
        {
            return optim.Adam(parameters.Select(p => p.Parameter), options.LearningRate, eps: 1e-7);
        }
        var decayed = parameters.Where(p => !IsExemptFromDecay(p.Name)).Select(p => p.Parameter).ToList();
        var exempt = parameters.Where(p => IsExemptFromDecay(p.Name)).Select(p => p.Parameter).ToList();
        AdamW.ParamGroup[] groups =
        [
            new(decayed, new AdamW.Options { LearningRate = options.LearningRate, weight_decay = options.WeightDecay }),
            new(exempt, new AdamW.Options { LearningRate = options.LearningRate, weight_decay = 0 }),
        ];
        return optim.AdamW(groups.Where(g => g.Parameters.Any()), options.LearningRate, eps: 1e-8, weight_decay: options.WeightDecay);
    }

    /// <summary>Sets every parameter group's learning rate.</summary>
    public static void SetLearningRate(OptimizerHelper optimizer, double rate)
    {
        foreach (optim.ILearningRateController group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }

    // "bert.embeddings.word_embeddings.weight", "distilbert.embeddings.LayerNorm.bias", ...
    private static bool IsEmbeddingLayer(string name) => name.Split('.') is [_, "embeddings", ..];

    // Hugging Face: no decay for biases and LayerNorm weights (BERT's "LayerNorm", DistilBERT's "*_layer_norm").
    private static bool IsExemptFromDecay(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal)
        || name.Contains("LayerNorm", StringComparison.Ordinal)
        || name.Contains("layer_norm", StringComparison.Ordinal);
}
