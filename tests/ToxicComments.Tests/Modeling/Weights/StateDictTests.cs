using ToxicComments.Modeling.Weights;
using ToxicComments.Tests.Support;
using static TorchSharp.torch;

namespace ToxicComments.Tests.Modeling.Weights;

public sealed class StateDictTests
{
    [Fact]
    public void Indexer_MissingKey_NamesFileAndKey()
    {
        using var temp = new TempFolder();
        string path = WriteOne(temp, "w");
        using StateDict read = SafeTensors.Read(path);

        var error = Assert.Throws<KeyNotFoundException>(() => read["classifier.weight"]);

        Assert.Equal($"{path}: no tensor named 'classifier.weight'.", error.Message);
    }

    [Fact]
    public void Dispose_OwnsTensors_FreesThemEvenInsideACallersScope()
    {
        using var temp = new TempFolder();
        string path = WriteOne(temp, "w");
        Tensor tensor;
        StateDict read;
        using (NewDisposeScope())
        {
            read = SafeTensors.Read(path);
            tensor = read["w"];
        }
        Assert.False(tensor.IsInvalid);

        read.Dispose();

        Assert.True(tensor.IsInvalid);
        Assert.Empty(read);
    }

    [Fact]
    public void LoadStateDict_ReadTensorsCopiedIntoModel_ParametersStillTrain()
    {
        using var temp = new TempFolder();
        using var source = nn.Linear(3, 2);
        using var target = nn.Linear(3, 2);
        string path = temp.File("model.safetensors");
        SafeTensors.Write(path, source.state_dict());
        using StateDict read = SafeTensors.Read(path);

        target.load_state_dict(new Dictionary<string, Tensor>(read));

        using var scope = NewDisposeScope();
        TensorAssert.Same(source.weight!, target.weight!);
        Assert.All(target.parameters(), p => Assert.True(p.requires_grad));
        target.call(ones(5, 3)).sum().backward();
        Assert.NotNull(target.weight!.grad);
    }

    private static string WriteOne(TempFolder temp, string name)
    {
        string path = temp.File("model.safetensors");
        using Tensor weight = ones(2);
        SafeTensors.Write(path, new Dictionary<string, Tensor> { [name] = weight });
        return path;
    }
}
