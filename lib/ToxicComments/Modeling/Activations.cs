using static TorchSharp.torch;

namespace ToxicComments.Modeling;

/// <summary>The activations a Hugging Face config can name (<c>hidden_act</c>, <c>activation</c>).</summary>
public static class Activations
{
    /// <summary>The function for <paramref name="name"/>; <c>gelu</c> is the exact (erf) GELU, as in BERT.</summary>
    /// <exception cref="NotSupportedException">An activation this library does not implement.</exception>
    public static Func<Tensor, Tensor> ByName(string name) => name switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => GeluTanh,
        "relu" => x => nn.functional.relu(x),
        "tanh" => x => x.tanh(),
        _ => throw new NotSupportedException($"activation '{name}' is not supported (gelu, gelu_new, relu, tanh are)."),
    };

    /// <summary>GELU's tanh approximation, as GPT-2 and some BERT variants use it.</summary>
    private static Tensor GeluTanh(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor inner = Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x.pow(3)));
        return (0.5 * x * (1 + inner.tanh())).MoveToOuterDisposeScope();
    }
}
