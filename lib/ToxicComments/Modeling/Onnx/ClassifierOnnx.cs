using ToxicComments.Modeling.Bert;
using ToxicComments.Modeling.DistilBert;
using ToxicComments.Modeling.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Onnx;

/// <summary>
/// Writes a classifier (a BERT or DistilBERT encoder with any of this library's heads) as one ONNX graph, opset 17:
/// inputs <c>input_ids</c>, <c>attention_mask</c> and, for BERT, <c>token_type_ids</c> (int64, batch × sequence,
/// both dynamic), output <c>logits</c> (float, batch × labels), as Hugging Face's ONNX exports name them. The graph
/// is the model in eval mode (no dropout), in the same operations as Hugging Face's modules: LayerNormalization,
/// exact (erf) GELU, additive attention masks at float32's lowest value. Weights keep their state-dict names;
/// linear layers' are stored transposed (in × out), as MatMul takes them.
/// </summary>
public static class ClassifierOnnx
{
    /// <summary>The opset the graph uses: 17 brings LayerNormalization; ONNX Runtime 1.12 and later run it.</summary>
    public const int Opset = 17;

    private const string Batch = "batch_size";
    private const string Sequence = "sequence_length";

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> as an ONNX model.</summary>
    /// <exception cref="NotSupportedException">The model, or its activation, has no ONNX form here.</exception>
    public static void Write(Module<Tensor, Tensor, Tensor, Tensor> model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        Dictionary<string, Tensor> state = model.state_dict();
        var graph = new GraphWriter(new OnnxModelBuilder(Opset), state);
        (Module encoder, string prefix) = model switch
        {
            BertForSequenceClassification bert => (Encoder(bert), "bert."),
            DistilBertForSequenceClassification distilbert => (Encoder(distilbert), "distilbert."),
            ToxicCommentClassifier tutorial => (tutorial.Encoder.Module, tutorial.Encoder.KeyPrefix + "."),
            MeanPooledClassifier meanPooled => (meanPooled.Encoder.Module, meanPooled.Encoder.KeyPrefix + "."),
            _ => throw new NotSupportedException($"{model.GetType().Name} has no ONNX export."),
        };
        string inputIds = graph.Builder.Input("input_ids", OnnxModelBuilder.Int64Type, Batch, Sequence);
        string attentionMask = graph.Builder.Input("attention_mask", OnnxModelBuilder.Int64Type, Batch, Sequence);
        string mask = graph.Builder.Node("Cast", [attentionMask], attributes: OnnxAttribute.Of("to", (long)OnnxModelBuilder.FloatType)); // (batch, seq)
        string hidden = encoder switch
        {
            BertModel bert => graph.Bert(bert.Config, prefix, inputIds, graph.Builder.Input("token_type_ids", OnnxModelBuilder.Int64Type, Batch, Sequence), mask),
            DistilBertModel distilbert => graph.DistilBert(distilbert.Config, prefix, inputIds, mask),
            _ => throw new NotSupportedException($"{encoder.GetType().Name} has no ONNX export."),
        };
        (string logits, string lastLayer) = model switch
        {
            BertForSequenceClassification => (graph.Linear(graph.Tanh(graph.Linear(graph.FirstToken(hidden), "bert.pooler.dense")), "classifier"), "classifier"),
            DistilBertForSequenceClassification => (graph.Linear(graph.Relu(graph.Linear(graph.FirstToken(hidden), "pre_classifier")), "classifier"), "classifier"),
            ToxicCommentClassifier => (graph.Linear(graph.Relu(graph.Linear(graph.Relu(graph.Linear(graph.FirstToken(hidden), "dense_1")), "dense_2")), "classifier"), "classifier"),
            _ => (graph.Linear(graph.MeanOverTokens(hidden, mask), "pooled_classifier"), "pooled_classifier"),
        };
        long labels = state[lastLayer + ".weight"].shape[0];
        graph.Builder.Output(logits, "logits", OnnxModelBuilder.FloatType, Batch, labels.ToString(System.Globalization.CultureInfo.InvariantCulture));
        graph.Builder.WriteTo(stream, model.GetType().Name, "ToxicComments", typeof(ClassifierOnnx).Assembly.GetName().Version?.ToString() ?? "0");
    }

    private static Module Encoder(Module model) => model.named_children().First(child => child.name is "bert" or "distilbert").module;

    /// <summary>Emits the operations of each module kind, reading weights from the state dict by name.</summary>
    private sealed class GraphWriter(OnnxModelBuilder builder, Dictionary<string, Tensor> state)
    {
        private readonly Dictionary<string, string> weights = [];

        public OnnxModelBuilder Builder { get; } = builder;

        /// <summary>BERT's last hidden state (batch, seq, hidden) (Hugging Face's BertModel).</summary>
        public string Bert(BertConfig config, string prefix, string inputIds, string tokenTypeIds, string mask)
        {
            string embeddings = Sum(
                Sum(Builder.Node("Gather", [Weight(prefix + "embeddings.word_embeddings.weight"), inputIds]),
                    Positions(prefix + "embeddings.position_embeddings.weight", inputIds)),
                Builder.Node("Gather", [Weight(prefix + "embeddings.token_type_embeddings.weight"), tokenTypeIds]));
            string x = LayerNorm(embeddings, prefix + "embeddings.LayerNorm", config.LayerNormEps);
            string additiveMask = AdditiveMask(mask);
            for (int layer = 0; layer < config.NumHiddenLayers; layer++)
            {
                string at = $"{prefix}encoder.layer.{layer}.";
                string attention = Attention(x, additiveMask, config.NumAttentionHeads, config.HiddenSize,
                    at + "attention.self.query", at + "attention.self.key", at + "attention.self.value", at + "attention.output.dense");
                x = LayerNorm(Sum(attention, x), at + "attention.output.LayerNorm", config.LayerNormEps);
                string intermediate = Activation(Linear(x, at + "intermediate.dense"), config.HiddenAct);
                x = LayerNorm(Sum(Linear(intermediate, at + "output.dense"), x), at + "output.LayerNorm", config.LayerNormEps);
            }
            return x;
        }

        /// <summary>DistilBERT's last hidden state (Hugging Face's DistilBertModel; its LayerNorms use 1e-12).</summary>
        public string DistilBert(DistilBertConfig config, string prefix, string inputIds, string mask)
        {
            const double eps = 1e-12;
            string embeddings = Sum(Builder.Node("Gather", [Weight(prefix + "embeddings.word_embeddings.weight"), inputIds]),
                Positions(prefix + "embeddings.position_embeddings.weight", inputIds));
            string x = LayerNorm(embeddings, prefix + "embeddings.LayerNorm", eps);
            string additiveMask = AdditiveMask(mask);
            for (int layer = 0; layer < config.NLayers; layer++)
            {
                string at = $"{prefix}transformer.layer.{layer}.";
                string attention = Attention(x, additiveMask, config.NHeads, config.Dim,
                    at + "attention.q_lin", at + "attention.k_lin", at + "attention.v_lin", at + "attention.out_lin");
                x = LayerNorm(Sum(attention, x), at + "sa_layer_norm", eps);
                string ffn = Linear(Activation(Linear(x, at + "ffn.lin1"), config.Activation), at + "ffn.lin2");
                x = LayerNorm(Sum(ffn, x), at + "output_layer_norm", eps);
            }
            return x;
        }

        /// <summary>
        /// (x W^T + b) · <paramref name="scale"/> for the linear layer <paramref name="name"/> (weights <c>name.weight</c>,
        /// <c>name.bias</c>), the scale folded into the weights.
        /// </summary>
        public string Linear(string x, string name, double scale = 1) =>
            Sum(Builder.Node("MatMul", [x, Weight(name + ".weight", transpose: true, scale)]), Weight(name + ".bias", scale: scale));

        public string Relu(string x) => Builder.Node("Relu", [x]);

        public string Tanh(string x) => Builder.Node("Tanh", [x]);

        /// <summary>The first token's hidden state: (batch, seq, hidden) → (batch, hidden).</summary>
        public string FirstToken(string hidden) =>
            Builder.Node("Gather", [hidden, Builder.Int64Scalar(0)], attributes: OnnxAttribute.Of("axis", 1L)); // a scalar index drops the axis

        /// <summary>The mean over real tokens: Σ h·mask / max(Σ mask, 1e-9), as the mean-pooled head computes it.</summary>
        public string MeanOverTokens(string hidden, string mask)
        {
            string weights = Builder.Node("Unsqueeze", [mask, Builder.Int64s([2])]); // (batch, seq, 1)
            string summed = Builder.Node("ReduceSum", [Builder.Node("Mul", [hidden, weights]), Builder.Int64s([1])], attributes: OnnxAttribute.Of("keepdims", 0L));
            string counts = Builder.Node("ReduceSum", [weights, Builder.Int64s([1])], attributes: OnnxAttribute.Of("keepdims", 0L)); // (batch, 1)
            return Builder.Node("Div", [summed, Builder.Node("Max", [counts, Builder.Scalar(1e-9f)])]);
        }

        /// <summary>Rows 0..seq-1 of the position table, seq being the input's length: (seq, hidden).</summary>
        private string Positions(string table, string inputIds)
        {
            string length = Builder.Node("Shape", [inputIds], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
            return Builder.Node("Slice", [Weight(table), Builder.Int64s([0]), length, Builder.Int64s([0])]);
        }

        /// <summary>(1 - mask) · float32's lowest value, as (batch, 1, 1, seq): added to the attention scores.</summary>
        private string AdditiveMask(string mask)
        {
            string inverted = Builder.Node("Sub", [Builder.Scalar(1f), mask]);
            string scaled = Builder.Node("Mul", [inverted, Builder.Scalar(float.MinValue)]);
            return Builder.Node("Unsqueeze", [scaled, Builder.Int64s([1, 2])]);
        }

        /// <summary>Multi-head self-attention and its output projection: (batch, seq, hidden) → (batch, seq, hidden).</summary>
        private string Attention(string x, string additiveMask, int heads, int hidden, string query, string key, string value, string output)
        {
            int headSize = hidden / heads;
            string split = Builder.Int64s([0, 0, heads, headSize]); // 0 keeps the batch and sequence sizes.
            string Heads(string projection, long[] permutation) =>
                Builder.Node("Transpose", [Builder.Node("Reshape", [projection, split])], attributes: OnnxAttribute.Of("perm", permutation));
            // The query projection carries the 1/√head scaling in its weights: no pass over the (seq × seq) scores for it.
            string q = Heads(Linear(x, query, scale: 1 / Math.Sqrt(headSize)), [0, 2, 1, 3]); // (batch, heads, seq, head)
            string kT = Heads(Linear(x, key), [0, 2, 3, 1]); // (batch, heads, head, seq)
            string v = Heads(Linear(x, value), [0, 2, 1, 3]);
            string scores = Builder.Node("MatMul", [q, kT]);
            string probabilities = Builder.Node("Softmax", [Sum(scores, additiveMask)], attributes: OnnxAttribute.Of("axis", -1L));
            string context = Builder.Node("Transpose", [Builder.Node("MatMul", [probabilities, v])], attributes: OnnxAttribute.Of("perm", 0L, 2, 1, 3));
            string merged = Builder.Node("Reshape", [context, Builder.Int64s([0, 0, hidden])]);
            return Linear(merged, output);
        }

        private string LayerNorm(string x, string name, double eps) =>
            Builder.Node("LayerNormalization", [x, Weight(name + ".weight"), Weight(name + ".bias")],
                attributes: [OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)eps)]);

        private string Activation(string x, string name) => name switch
        {
            // (x · (erf(x / √2) + 1)) · ½: PyTorch's exact GELU, which BERT's "gelu" is, in the order of operations
            // ONNX Runtime recognises and fuses into one Gelu kernel.
            "gelu" => Builder.Node("Mul", [Builder.Node("Mul", [x, Builder.Node("Add", [Builder.Node("Erf", [Builder.Node("Div", [x, Builder.Scalar(MathF.Sqrt(2f))])]), Builder.Scalar(1f)])]),
                Builder.Scalar(0.5f)]),
            "relu" => Relu(x),
            _ => throw new NotSupportedException($"activation '{name}' has no ONNX export here (gelu and relu do)."),
        };

        private string Sum(string a, string b) => Builder.Node("Add", [a, b]);

        /// <summary>The initializer of state-dict entry <paramref name="key"/> (transposed for MatMul, scaled), added once.</summary>
        private string Weight(string key, bool transpose = false, double scale = 1)
        {
            string name = key + (scale == 1 ? "" : ".scaled") + (transpose ? ".T" : "");
            if (weights.TryGetValue(name, out string? added))
            {
                return added;
            }
            if (!state.TryGetValue(key, out Tensor? tensor))
            {
                throw new KeyNotFoundException($"the model has no weight '{key}' to export.");
            }
            using var scope = NewDisposeScope();
            Tensor values = (transpose ? tensor.detach().t() : tensor.detach()).to(float32).cpu().mul(scale).contiguous();
            weights[name] = Builder.Weight(name, values.data<float>().ToArray(), values.shape);
            return name;
        }
    }
}
