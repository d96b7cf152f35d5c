using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace OnnxScoring;

/// <summary>
/// A toxic-comment classifier exported by <c>toxic export onnx</c>: <c>tokenizer.json</c> turns text into ids
/// (truncated as the file says, <c>[SEP]</c> kept last), <c>onnx/model.onnx</c> turns ids into logits, and a
/// sigmoid turns each logit into its label's probability (the labels are independent: multilabel).
/// </summary>
public sealed class ToxicityModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly bool takesTokenTypes;

    /// <summary>Loads the exported folder.</summary>
    /// <param name="folder">config.json, tokenizer.json and onnx/model.onnx.</param>
    /// <param name="threads">Threads of one forward pass; null for ONNX Runtime's default (every core).</param>
    public ToxicityModel(string folder, int? threads = null)
    {
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        JsonObject id2label = config["id2label"]!.AsObject();
        Labels = Enumerable.Range(0, id2label.Count).Select(i => id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.GetValue<string>()).ToArray();
        tokenizer = new HuggingFaceTokenizer(vocabPath: Path.Combine(folder, "tokenizer.json"));
        using var options = new SessionOptions();
        if (threads is int count)
        {
            options.IntraOpNumThreads = count;
        }
        session = new InferenceSession(Path.Combine(folder, "onnx", "model.onnx"), options);
        takesTokenTypes = session.InputMetadata.ContainsKey("token_type_ids"); // BERT does, DistilBERT does not.
    }

    /// <summary>The label of each probability column (config.json's id2label).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Each text's ids, special tokens included, as the model sees them.</summary>
    public int[] Tokenize(string text) => tokenizer.Encode(text).Select(id => (int)id).ToArray();

    /// <summary>Probabilities, one row per text and one column per label; the texts go through in one padded batch.</summary>
    public float[][] Score(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }
        int[][] ids = texts.Select(Tokenize).ToArray();
        int length = ids.Max(row => row.Length);
        var inputIds = new DenseTensor<long>([texts.Count, length]); // padding id 0, [PAD] in BERT vocabularies
        var attentionMask = new DenseTensor<long>([texts.Count, length]);
        for (int row = 0; row < ids.Length; row++)
        {
            for (int column = 0; column < ids[row].Length; column++)
            {
                inputIds[row, column] = ids[row][column];
                attentionMask[row, column] = 1;
            }
        }
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", attentionMask),
        };
        if (takesTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([texts.Count, length])));
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(inputs, ["logits"]);
        Tensor<float> logits = outputs[0].AsTensor<float>();
        return Enumerable.Range(0, texts.Count)
            .Select(row => Enumerable.Range(0, Labels.Count).Select(label => 1f / (1f + MathF.Exp(-logits[row, label]))).ToArray())
            .ToArray();
    }

    public void Dispose()
    {
        session.Dispose();
        tokenizer.Dispose();
    }
}
