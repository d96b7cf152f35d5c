using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Heads;

/// <summary>
/// The encoder, the mean of its last hidden state over real tokens (the sentence embedding that sentence-transformers
/// models such as all-MiniLM-L6-v2 were trained to produce), and one linear layer. Returns logits. Its classifier is a
/// linear model on the pooled features, so it can start from a logistic regression fitted on the frozen encoder's
/// embeddings (<see cref="Training.Probing.LinearProbe"/>) instead of random weights.
/// <para>
/// No dropout between the two, so that the first training step computes the function the probe fitted (the
/// encoder's layers drop out already).
/// </para>
/// <para>
/// The linear layer's weights are <c>pooled_classifier.*</c>, a name no Hugging Face head has, so that a stock
/// <c>BertForSequenceClassification</c> cannot take this model's weights for its own (see <see cref="Folders.ClassifierConfig"/>).
/// </para>
/// </summary>
public sealed class MeanPooledClassifier : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor, Tensor, Tensor> encoder;
    private readonly Linear pooled_classifier;

    /// <param name="encoder">The pretrained encoder; its keys get Hugging Face's prefix (<c>bert.</c>, <c>distilbert.</c>).</param>
    /// <param name="labels">Number of outputs, 6 for Jigsaw.</param>
    public MeanPooledClassifier(TextEncoder encoder, int labels = 6) : base(nameof(MeanPooledClassifier))
    {
        Encoder = encoder;
        this.encoder = encoder.Module;
        pooled_classifier = Linear(encoder.HiddenSize, labels);
        register_module(encoder.KeyPrefix, this.encoder);
        register_module(nameof(pooled_classifier), pooled_classifier);
    }

    /// <summary>The encoder and its key prefix.</summary>
    public TextEncoder Encoder { get; }

    /// <summary>Number of outputs.</summary>
    public long Labels => pooled_classifier.weight!.shape[0];

    /// <summary>The pooled features the classifier sees: (batch, hidden).</summary>
    public Tensor Features(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = encoder.forward(input_ids, attention_mask, token_type_ids); // (batch, seq, hidden)
        return Pool.Apply(hidden, attention_mask, Pooling.Mean).MoveToOuterDisposeScope();
    }

    /// <summary>Logits: (batch, labels).</summary>
    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        return pooled_classifier.forward(Features(input_ids, attention_mask, token_type_ids)).MoveToOuterDisposeScope();
    }

    /// <summary>Replaces the classifier's weights: <paramref name="weight"/> (labels, hidden), <paramref name="bias"/> (labels).</summary>
    public void SetClassifier(Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        using var noGrad = no_grad();
        pooled_classifier.weight!.copy_(weight);
        pooled_classifier.bias!.copy_(bias);
    }

    /// <summary>Copies of the classifier's weights on the CPU: (labels, hidden) and (labels).</summary>
    public (Tensor Weight, Tensor Bias) ClassifierCopy() =>
        (pooled_classifier.weight!.detach().cpu().clone(), pooled_classifier.bias!.detach().cpu().clone());
}
