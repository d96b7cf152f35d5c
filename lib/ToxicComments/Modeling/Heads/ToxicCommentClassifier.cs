using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Heads;

/// <summary>
/// The tutorial's model: the encoder, the first token's hidden state, dropout 0.1, Dense(100, relu), Dense(50, relu),
/// Dense(labels). It returns logits. The tutorial ends in a sigmoid and then trains with
/// <c>BinaryCrossentropy(from_logits=True)</c>, which applies a second sigmoid: its loss sees sigmoid(sigmoid(z)),
/// squeezed into (0.5, 0.73), and its gradients vanish. Here the loss takes the logits (BCE with logits) and a
/// sigmoid turns them into probabilities only for predictions.
/// </summary>
public sealed class ToxicCommentClassifier : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor, Tensor, Tensor> encoder;
    private readonly FastDropout dropout;
    private readonly Linear dense_1;
    private readonly Linear dense_2;
    private readonly Linear classifier;

    /// <param name="encoder">The pretrained encoder; its keys get Hugging Face's prefix (<c>bert.</c>, <c>distilbert.</c>).</param>
    /// <param name="labels">Number of outputs, 6 for Jigsaw.</param>
    public ToxicCommentClassifier(TextEncoder encoder, int labels = 6) : base(nameof(ToxicCommentClassifier))
    {
        Encoder = encoder;
        this.encoder = encoder.Module;
        dropout = new FastDropout(0.1);
        dense_1 = Linear(encoder.HiddenSize, 100);
        dense_2 = Linear(100, 50);
        classifier = Linear(50, labels);
        register_module(encoder.KeyPrefix, this.encoder);
        register_module(nameof(dropout), dropout);
        register_module(nameof(dense_1), dense_1);
        register_module(nameof(dense_2), dense_2);
        register_module(nameof(classifier), classifier);
    }

    /// <summary>The encoder and its key prefix.</summary>
    public TextEncoder Encoder { get; }

    /// <summary>Logits: (batch, labels).</summary>
    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor first = encoder.forward(input_ids, attention_mask, token_type_ids)[.., 0]; // (batch, hidden)
        Tensor x = functional.relu(dense_1.forward(dropout.forward(first))); // (batch, 100)
        x = functional.relu(dense_2.forward(x)); // (batch, 50)
        return classifier.forward(x).MoveToOuterDisposeScope(); // (batch, labels)
    }
}
