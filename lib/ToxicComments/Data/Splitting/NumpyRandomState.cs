namespace ToxicComments.Data.Splitting;

/// <summary>
/// NumPy's legacy <c>RandomState</c> for an integer seed: the Mersenne Twister (MT19937) seeded with
/// <c>init_genrand</c>, and <c>permutation</c> as NumPy draws it. scikit-learn's
/// <c>train_test_split(..., random_state=42)</c> shuffles with exactly this, so a split made here holds the same
/// rows as the tutorial's split of the same file in Python, on any machine.
/// </summary>
public sealed class NumpyRandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private readonly uint[] state = new uint[StateLength];
    private int position;

    /// <summary>Seeds the generator like <c>numpy.random.RandomState(seed)</c>.</summary>
    public NumpyRandomState(uint seed)
    {
        state[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            state[i] = unchecked((1812433253u * (state[i - 1] ^ (state[i - 1] >> 30))) + (uint)i);
        }
        position = StateLength;
    }

    /// <summary>The next 32 random bits (MT19937's tempered output).</summary>
    public uint NextUInt32()
    {
        if (position == StateLength)
        {
            Regenerate();
        }
        uint y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits, as NumPy's <c>random_sample</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>], drawn as NumPy's legacy <c>random_interval</c> does:
    /// mask to the next power of two minus one and reject values above <paramref name="max"/>.
    /// </summary>
    public uint Interval(uint max)
    {
        if (max == 0)
        {
            return 0;
        }
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max)
        {
        }
        return value;
    }

    /// <summary>Shuffles in place as <c>RandomState.shuffle</c> does (Fisher-Yates from the end).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>RandomState.permutation(n)</c>: the numbers 0..n-1 in random order.</summary>
    public int[] Permutation(int n)
    {
        int[] result = Enumerable.Range(0, n).ToArray();
        Shuffle<int>(result);
        return result;
    }

    private void Regenerate()
    {
        for (int i = 0; i < StateLength; i++)
        {
            uint y = (state[i] & 0x80000000u) | (state[(i + 1) % StateLength] & 0x7fffffffu);
            uint next = state[(i + Shift) % StateLength] ^ (y >> 1);
            state[i] = (y & 1) != 0 ? next ^ 0x9908b0dfu : next;
        }
        position = 0;
    }
}
