using TorchSharp.Modules;
using ToxicComments.Modeling.Bert;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Heads;

/// <summary>
/// Hugging Face's BertForSequenceClassification (keys <c>bert.*</c>, <c>classifier.*</c>): the pooled first token,
/// dropout, a linear classifier. A multilabel checkpoint from the Hub loads into it as is. Returns logits.
/// </summary>
public sealed class BertForSequenceClassification : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly BertModel bert;
    private readonly FastDropout dropout;
    private readonly Linear classifier;

    public BertForSequenceClassification(BertModel bert, int labels) : base(nameof(BertForSequenceClassification))
    {
        this.bert = bert;
        dropout = new FastDropout(bert.Config.HiddenDropoutProb);
        classifier = Linear(bert.Config.HiddenSize, labels);
        RegisterComponents();
    }

    /// <summary>The encoder's configuration.</summary>
    public BertConfig Config => bert.Config;

    public override Tensor forward(Tensor input_ids, Tensor attention_mask, Tensor token_type_ids)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = bert.Pool(bert.forward(input_ids, attention_mask, token_type_ids)); // (batch, hidden)
        return classifier.forward(dropout.forward(pooled)).MoveToOuterDisposeScope(); // (batch, labels)
    }
}
