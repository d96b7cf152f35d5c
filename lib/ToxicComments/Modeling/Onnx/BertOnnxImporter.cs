using static TorchSharp.torch;

namespace ToxicComments.Modeling.Onnx;

/// <summary>
/// Recovers a Hugging Face BERT state dict from an ONNX export. Exporters keep Hugging Face's names for biases,
/// LayerNorms and embeddings, but fold each Linear's weight into an anonymous <c>MatMul</c> initializer, stored
/// transposed ((in, out), where PyTorch keeps (out, in)). The name is found through the graph: the MatMul's output
/// feeds an <c>Add</c> whose other input is the bias <c>X.bias</c>, so the MatMul's weight is <c>X.weight</c>.
/// </summary>
public static class BertOnnxImporter
{
    /// <summary>Named tensors ready to load into a <see cref="Bert.BertModel"/>; the caller owns them.</summary>
    public static Dictionary<string, Tensor> StateDict(OnnxGraph graph)
    {
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var consumers = graph.Nodes
            .SelectMany(node => node.Inputs.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node);
        foreach (OnnxNode matmul in graph.Nodes.Where(n => n.OpType == "MatMul"))
        {
            if (matmul.Inputs.Count != 2 || !graph.Initializers.TryGetValue(matmul.Inputs[1], out OnnxInitializer? weight))
            {
                continue;
            }
            string? bias = consumers[matmul.Outputs[0]]
                .Where(n => n.OpType == "Add")
                .SelectMany(n => n.Inputs)
                .FirstOrDefault(input => input.EndsWith(".bias", StringComparison.Ordinal) && graph.Initializers.ContainsKey(input));
            if (bias is null)
            {
                continue;
            }
            using Tensor stored = tensor(weight.Values, weight.Shape); // (in, out)
            weights[bias[..^".bias".Length] + ".weight"] = stored.t().contiguous(); // (out, in), as nn.Linear keeps it
        }
        foreach ((string name, OnnxInitializer initializer) in graph.Initializers)
        {
            // Named initializers are Hugging Face's own; position_ids is a buffer, not a weight.
            if (name.Contains('.', StringComparison.Ordinal) && !name.EndsWith("position_ids", StringComparison.Ordinal))
            {
                weights[name] = tensor(initializer.Values, initializer.Shape);
            }
        }
        return weights;
    }
}
