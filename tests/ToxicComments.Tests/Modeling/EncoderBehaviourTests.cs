using ToxicComments.Modeling;
using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Tests.Modeling;

public sealed class EncoderBehaviourTests
{
    public static TheoryData<string> Encoders() => new("bert", "distilbert");

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Forward_PaddingChanged_RealTokensUnchanged(string kind)
    {
        using Module<Tensor, Tensor, Tensor, Tensor> encoder = Tiny(kind);
        encoder.eval();
        using Tensor mask = tensor(new long[] { 1, 1, 1, 0, 0 }).unsqueeze(0);
        using Tensor types = zeros(1, 5, ScalarType.Int64);
        using Tensor padded = tensor(new long[] { 5, 6, 7, 0, 0 }).unsqueeze(0);
        using Tensor otherPadding = tensor(new long[] { 5, 6, 7, 42, 99 }).unsqueeze(0);

        using Tensor first = encoder.forward(padded, mask, types);
        using Tensor second = encoder.forward(otherPadding, mask, types);

        Assert.True(first[.., ..3].allclose(second[.., ..3], rtol: 0, atol: 1e-6), "padding leaked into real tokens: the attention mask is ignored");
        Assert.Equal([1L, 5, 32], first.shape);
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Forward_DropoutOnlyInTraining(string kind)
    {
        using Module<Tensor, Tensor, Tensor, Tensor> encoder = Tiny(kind);
        using Tensor ids = tensor(new long[] { 5, 6, 7, 8 }).unsqueeze(0);
        using Tensor mask = ones(1, 4, ScalarType.Int64);
        using Tensor types = zeros(1, 4, ScalarType.Int64);

        encoder.eval();
        using Tensor evalA = encoder.forward(ids, mask, types);
        using Tensor evalB = encoder.forward(ids, mask, types);
        encoder.train();
        using Tensor trainA = encoder.forward(ids, mask, types);
        using Tensor trainB = encoder.forward(ids, mask, types);

        Assert.True(evalA.allclose(evalB, rtol: 0, atol: 0));
        Assert.False(trainA.allclose(trainB));
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Forward_AttentionDropoutOnTheCpu_ComputesWhatTheFusedKernelDoes(string kind)
    {
        // Training mode with no hidden dropout and a vanishing attention dropout (a 1e-9 chance to drop, a scale of
        // 1 + 1e-9): the CPU's own attention path with dropout must give the fused kernel's output, padding included.
        using Module<Tensor, Tensor, Tensor, Tensor> encoder = VanishingAttentionDropout(kind);
        (Tensor ids, Tensor mask, Tensor types) = PaddedPair();

        encoder.eval();
        using Tensor fused = encoder.forward(ids, mask, types);
        encoder.train();
        using Tensor withDropout = encoder.forward(ids, mask, types);

        Assert.True(withDropout.allclose(fused, rtol: 0, atol: 1e-5), $"largest difference {(withDropout - fused).abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Backward_AttentionDropoutOnTheCpu_GivesTheFusedKernelsGradients(string kind)
    {
        // As above, through the backward pass: the scale on the queries and the mask added in place must leave every
        // parameter's gradient as the fused kernel's, padding included.
        using Module<Tensor, Tensor, Tensor, Tensor> encoder = VanishingAttentionDropout(kind);
        (Tensor ids, Tensor mask, Tensor types) = PaddedPair();
        using Tensor weights = randn(2, 5, 32); // a loss that weighs every output differently

        Tensor[] Gradients(bool training)
        {
            encoder.train(training);
            encoder.zero_grad();
            using Tensor loss = (encoder.forward(ids, mask, types) * weights).sum();
            loss.backward();
            return encoder.parameters().Select(p => p.grad?.clone() ?? zeros_like(p)).ToArray();
        }

        Tensor[] fused = Gradients(training: false);
        Tensor[] withDropout = Gradients(training: true);

        Assert.Contains(withDropout, g => g.abs().max().item<float>() > 1e-3); // the loss reaches the weights
        for (int i = 0; i < fused.Length; i++)
        {
            Assert.True(withDropout[i].allclose(fused[i], rtol: 1e-4, atol: 1e-5), $"parameter {i}: largest difference {(withDropout[i] - fused[i]).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void ToxicCommentClassifier_Forward_GivesOneLogitPerLabel()
    {
        using var model = new ToxicCommentClassifier(TextEncoder.From(new BertModel(BertConfig.Tiny())));
        model.eval();
        using Tensor ids = tensor(new long[] { 1, 5, 6, 2, 1, 7, 2, 0 }).reshape(2, 4);
        using Tensor mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }).reshape(2, 4);

        using Tensor logits = model.forward(ids, mask, zeros_like(ids));

        Assert.Equal([2L, 6], logits.shape);
        // Logits, not probabilities: nothing squeezes them into (0, 1).
        Assert.True(model.parameters().All(p => p.requires_grad));
    }

    [Fact]
    public void Pool_Mean_IgnoresPadding()
    {
        using Tensor hidden = tensor(new float[] { 1, 1, 3, 3, 100, 100 }).reshape(1, 3, 2);
        using Tensor mask = tensor(new long[] { 1, 1, 0 }).unsqueeze(0);

        using Tensor mean = Pool.Apply(hidden, mask, Pooling.Mean);
        using Tensor cls = Pool.Apply(hidden, mask, Pooling.Cls);

        Assert.Equal([2f, 2f], mean.data<float>().ToArray());
        Assert.Equal([1f, 1f], cls.data<float>().ToArray());
    }

    // No hidden dropout, and a 1e-9 chance to drop an attention probability: the CPU's dropout path, doing nothing.
    private static Module<Tensor, Tensor, Tensor, Tensor> VanishingAttentionDropout(string kind)
    {
        manual_seed(7);
        return kind == "bert"
            ? new BertModel(BertConfig.Tiny() with { HiddenDropoutProb = 0, AttentionProbsDropoutProb = 1e-9 })
            : new DistilBertModel(DistilBertConfig.Tiny() with { Dropout = 0, AttentionDropout = 1e-9 });
    }

    // Two comments of 5 tokens, the second with 2 of padding.
    private static (Tensor Ids, Tensor Mask, Tensor Types) PaddedPair()
    {
        Tensor ids = tensor(new long[] { 1, 5, 6, 7, 2, 1, 8, 2, 0, 0 }).reshape(2, 5);
        return (ids, tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }).reshape(2, 5), zeros_like(ids));
    }

    private static Module<Tensor, Tensor, Tensor, Tensor> Tiny(string kind)
    {
        manual_seed(7);
        return kind == "bert" ? new BertModel(BertConfig.Tiny()) : new DistilBertModel(DistilBertConfig.Tiny());
    }
}
