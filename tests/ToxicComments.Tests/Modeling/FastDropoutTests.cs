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
    // SplitMix64 from state 0 gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC,
    // 0x1B39896A51A8749B, then 0x....747EA2EA: each a low and a high 32-bit draw. Eleven elements: eight through the
    // vector path, three through the scalar tail.
    [InlineData(0.5, new float[] { 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0 })]
    [InlineData(0.3, new float[] { 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1 })]
    public void Mask_IsSplitMix64sPublishedSequence(double rate, float[] expected)
    {
        var mask = new float[expected.Length];

        // Draw k is SplitMix64's output k + 1 from state 0, that is its mix of (k + 1) · golden ratio: seed = golden ratio.
        DropoutMask.Fill(mask, seed: 0x9E3779B97F4A7C15UL, rate, scale: 1);

        Assert.Equal(expected, mask);
    }

    [Fact]
    public void Training_EveryPositionOfAShortInput_IsDroppedAtTheRate()
    {
        using var dropout = new FastDropout(0.1);
        dropout.train();
        using Tensor input = ones(7); // shorter than one vector: the scalar tail only
        var dropped = new int[7];
        const int draws = 20_000;

        for (int draw = 0; draw < draws; draw++)
        {
            using Tensor output = dropout.forward(input);
            float[] values = output.data<float>().ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                dropped[i] += values[i] == 0 ? 1 : 0;
            }
        }

        // 20,000 draws: each share's standard deviation is 0.0021.
        Assert.All(dropped, count => Assert.InRange(count / (double)draws, 0.09, 0.11));
    }

    [Fact]
    public void Training_NeighboursAreDroppedIndependently()
    {
        using var dropout = new FastDropout(0.1);
        dropout.train();
        using Tensor input = ones(1_000_000);

        using Tensor output = dropout.forward(input);

        // Elements 2k and 2k + 1 share one 64-bit draw; 2k + 1 and 2k + 2 come from consecutive draws. Both pairs
        // must be dropped together at rate² = 0.01 (500,000 pairs: standard deviation 0.00014).
        using Tensor isDropped = output.eq(0).to(ScalarType.Float64);
        double sameDraw = (isDropped[TensorIndex.Slice(0, null, 2)] * isDropped[TensorIndex.Slice(1, null, 2)]).mean().item<double>();
        double nextDraw = (isDropped[TensorIndex.Slice(1, -1, 2)] * isDropped[TensorIndex.Slice(2, null, 2)]).mean().item<double>();
        Assert.InRange(sameDraw, 0.0094, 0.0106);
        Assert.InRange(nextDraw, 0.0094, 0.0106);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void RateOutsideZeroToBelowOne_IsRefused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(rate));
}
