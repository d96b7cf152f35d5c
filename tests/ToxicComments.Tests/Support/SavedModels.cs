using ToxicComments.Modeling.Weights;

namespace ToxicComments.Tests.Support;

/// <summary>Comparisons of saved model folders, as the resume tests make them.</summary>
public static class SavedModels
{
    /// <summary>Every weight of <paramref name="actual"/>'s model.safetensors equals <paramref name="expected"/>'s, bit for bit.</summary>
    public static void AssertSameWeights(string expected, string actual)
    {
        using StateDict want = SafeTensors.Read(Path.Combine(expected, "model.safetensors"));
        using StateDict got = SafeTensors.Read(Path.Combine(actual, "model.safetensors"));
        Assert.Equal(want.Keys.Order(), got.Keys.Order());
        Assert.All(want, pair => Assert.True(pair.Value.allclose(got[pair.Key], rtol: 0, atol: 0), pair.Key));
    }
}
