using TorchSharp.Modules;
using ToxicComments.Modeling.DistilBert;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Heads;

/// <summary>
/// Hugging Face's DistilBertForSequenceClassification (keys <c>distilbert.*</c>, <c>pre_classifier.*</c>,
/// <c>classifier.*</c>): the first token, pre_classifier + relu, dropout, classifier. Returns logits.
/// </summary>
public sealed class DistilBertForSequenceClassification : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly DistilBertModel distilbert;
    private readonly Linear pre_classifier;
    private readonly Linear classifier;
    private readonly FastDropout dropout;

    public DistilBertForSequenceClassification(DistilBertModel distilbert, int labels) : base(nameof(DistilBertForSequenceClassification))
    {
        this.distilbert = distilbert;
        pre_classifier = Linear(distilbert.Config.Dim, distilbert.Config.Dim);
        classifier = Linear(distilbert.Config.Dim, labels);
        dropout = new FastDropout(distilbert.Config.SeqClassifDropout);
        RegisterComponents();
    }

    /// <summary>The encoder's configuration.</summary>
    public DistilBertConfig Config => distilbert.Config;

    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor first = distilbert.forward(input_ids, attention_mask, token_type_ids)[.., 0]; // (batch, dim)
        Tensor x = dropout.forward(functional.relu(pre_classifier.forward(first)));
        return classifier.forward(x).MoveToOuterDisposeScope(); // (batch, labels)
    }
}
