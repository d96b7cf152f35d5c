using ToxicComments.Training.Ensembling;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Training.Ensembling;

public sealed class ModelSoupTests
{
    [Fact]
    public void Average_IsTheMeanKeyByKey_TakesOtherTensorsFromTheFirst()
    {
        var one = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 0f, 10f, -4f }), ["ids"] = tensor(new long[] { 1, 2 }) };
        var two = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 1f, 20f, 4f }), ["ids"] = tensor(new long[] { 3, 4 }) };
        var three = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 2f, 0f, 3f }), ["ids"] = tensor(new long[] { 5, 6 }) };

        Dictionary<string, Tensor> soup = ModelSoup.Average([one, two, three]);
        Dictionary<string, Tensor> alone = ModelSoup.Average([two]);

        Assert.Equal([1f, 10f, 1f], soup["w"].data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, soup["w"].dtype);
        Assert.Equal([1L, 2L], soup["ids"].data<long>().ToArray());
        Assert.Equal([1f, 20f, 4f], alone["w"].data<float>().ToArray());
        // The members are not changed.
        Assert.Equal([0f, 10f, -4f], one["w"].data<float>().ToArray());
    }

    [Fact]
    public void Average_SumsInDoublePrecision()
    {
        // Summed in float32, 1e8 + 1 is 1e8 again and the mean would be 0.
        var members = new[] { 1e8f, 1f, -1e8f }.Select(v => (IReadOnlyDictionary<string, Tensor>)new Dictionary<string, Tensor> { ["w"] = tensor(new[] { v }) }).ToList();

        Assert.Equal([(float)(1.0 / 3)], ModelSoup.Average(members)["w"].data<float>().ToArray());
    }

    [Fact]
    public void Average_DifferentKeysOrShapes_NamesTheMemberAndTheKey()
    {
        var one = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["b"] = zeros(3) };
        var otherKey = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["c"] = zeros(3) };
        var otherShape = new Dictionary<string, Tensor> { ["a"] = zeros(2), ["b"] = zeros(4) };

        var keys = Assert.Throws<InvalidDataException>(() => ModelSoup.Average([one, one, otherKey]));
        var shapes = Assert.Throws<InvalidDataException>(() => ModelSoup.Average([one, otherShape]));
        var none = Assert.Throws<ArgumentException>(() => ModelSoup.Average([]));

        Assert.Equal("member 1 and member 3 differ in their keys: 'b' is in one only.", keys.Message);
        Assert.Equal("'b' is [3] in member 1 and [4] in member 2.", shapes.Message);
        Assert.StartsWith("a soup needs at least one member.", none.Message, StringComparison.Ordinal);
    }
}
