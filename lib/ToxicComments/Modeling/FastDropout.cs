using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling;

/// <summary>
/// Dropout as PyTorch's <c>nn.Dropout</c> defines it (in training mode each element is zeroed with probability
/// <c>rate</c> and the others are scaled by 1 / (1 − rate); in evaluation mode the input passes unchanged), with a
/// cheaper mask on the CPU: there libtorch draws its mask with <c>bernoulli_</c>, whose fast path is MKL's and is
/// taken on Intel processors only. Measured on a 2-core AMD EPYC for a 16 × 128 × 384 activation: 7 to 10 ms for
/// <c>functional.dropout</c>, 2.6 ms for a mask drawn with <c>rand_like</c> (kept where the draw is at least
/// <c>rate</c>). Other devices keep PyTorch's own kernel. The mask comes from torch's default generator, so a seeded
/// run, and a run resumed with the generator's saved state, repeats exactly.
/// </summary>
public sealed class FastDropout : Module<Tensor, Tensor>
{
    private readonly double rate;

    /// <param name="rate">The probability of zeroing an element, from 0 to just below 1.</param>
    public FastDropout(double rate) : base(nameof(FastDropout))
    {
        if (!PretrainedModels.IsDropoutRate(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a dropout rate is at least 0 and below 1.");
        }
        this.rate = rate;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || rate == 0)
        {
            return input.alias();
        }
        if (input.device_type != DeviceType.CPU)
        {
            return functional.dropout(input, rate, training: true);
        }
        using var scope = NewDisposeScope();
        Tensor scaledKeep = rand_like(input).ge_(rate).mul_(1 / (1 - rate)); // 1 / (1 - rate) where kept, 0 where dropped
        return (input * scaledKeep).MoveToOuterDisposeScope();
    }
}
