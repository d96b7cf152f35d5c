using ToxicComments.Modeling;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling;

public sealed class FastDropoutTests
{
    [Fact]
    public void Training_ZeroesTheRateAndScalesTheRest_AsNnDropout()
    {
        using var dropout = new FastDropout(0.1);
        dropout.train();
        using Tensor input = rand(1000, 1000) + 0.5; // no zeros of its own

        using Tensor output = dropout.forward(input);

        using Tensor dropped = output.eq(0);
        double share = dropped.to(ScalarType.Float64).mean().item<double>();
        // 10^6 draws: the share's standard deviation is 0.0003.
        Assert.InRange(share, 0.098, 0.102);
        using Tensor kept = dropped.logical_not();
        Assert.True(output.masked_select(kept).allclose(input.masked_select(kept) / 0.9, rtol: 1e-6, atol: 0), "kept elements are not scaled by 1 / (1 - rate)");
    }

    [Fact]
    public void Training_GradientIsTheSameMask()
    {
        using var dropout = new FastDropout(0.5);
        dropout.train();
        using Tensor input = (rand(64, 32) + 0.5).requires_grad_(true);

        using Tensor output = dropout.forward(input);
        output.sum().backward();

        // d(output)/d(input) is 2 where the element was kept and 0 where it was dropped.
        using Tensor expected = output.detach().ne(0).to(ScalarType.Float32) * 2;
        Assert.True(input.grad!.allclose(expected, rtol: 0, atol: 0), "the gradient is not the forward pass's mask");
    }

    [Fact]
    public void SameSeed_SameMask()
    {
        using var dropout = new FastDropout(0.3);
        dropout.train();
        using Tensor input = ones(256, 16);

        manual_seed(7);
        using Tensor first = dropout.forward(input);
        manual_seed(7);
        using Tensor again = dropout.forward(input);
        using Tensor next = dropout.forward(input);

        Assert.True(first.allclose(again, rtol: 0, atol: 0));
        Assert.False(first.allclose(next, rtol: 0, atol: 0), "two draws in a row gave the same mask");
    }

    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.0, true)]
    public void EvaluationModeOrRateZero_PassesTheInputUnchanged(double rate, bool training)
    {
        using var dropout = new FastDropout(rate);
        dropout.train(training);
        using Tensor input = randn(8, 8);

        using Tensor output = dropout.forward(input);

        Assert.True(output.allclose(input, rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void RateOutsideZeroToBelowOne_IsRefused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(rate));
}
