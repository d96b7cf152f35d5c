using TorchSharp;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Inference;

/// <summary>
/// Scores comments with a fine-tuned classifier: per-label probabilities, the sigmoid of the model's logits (the
/// model returns logits; the sigmoid is applied here, once, and nowhere else). Texts are batched by length so that a
/// batch is padded only to its longest comment, and the results come back in the order of the input.
/// </summary>
public sealed class CommentScorer : IDisposable
{
    private readonly Module<Tensor, Tensor, Tensor, Tensor> model;
    private int batchSize = 64;

    /// <summary>Wraps a loaded classifier; the scorer owns <paramref name="model"/> and moves it to <paramref name="device"/>.</summary>
    /// <param name="model">Takes (input_ids, attention_mask, token_type_ids), returns logits (batch, labels).</param>
    /// <param name="tokenizer">The tokenizer the model was trained with.</param>
    /// <param name="labels">The label of each logit column.</param>
    /// <param name="device">Where the model runs (see <see cref="Runtime.TorchRuntime.PickDevice"/>).</param>
    /// <param name="maxLength">Tokens per comment, <c>[CLS]</c> and <c>[SEP]</c> included; longer comments are truncated.</param>
    public CommentScorer(Module<Tensor, Tensor, Tensor, Tensor> model, BertWordPieceTokenizer tokenizer, IReadOnlyList<string> labels,
                         Device device, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        this.model = model;
        Tokenizer = tokenizer;
        Labels = labels;
        Device = device;
        MaxLength = maxLength;
        model.to(device);
        model.eval();
    }

    /// <summary>The label of each probability column.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The tokenizer the model was trained with.</summary>
    public BertWordPieceTokenizer Tokenizer { get; }

    /// <summary>Where the model runs.</summary>
    public Device Device { get; }

    /// <summary>Tokens per comment; longer comments are truncated, as in training.</summary>
    public int MaxLength { get; }

    /// <summary>Comments per forward pass. Larger is faster until memory runs out; no gradients are kept.</summary>
    public int BatchSize
    {
        get => batchSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            batchSize = value;
        }
    }

    /// <summary>
    /// Loads a saved classifier folder (<see cref="PretrainedModels.LoadSequenceClassifier"/>) with its own tokenizer.
    /// </summary>
    /// <param name="folder">A Hugging Face model folder: config.json, the weights, the tokenizer files.</param>
    /// <param name="device">Where the model runs; the caller picks it (CUDA or the CPU).</param>
    /// <param name="maxLength">
    /// Tokens per comment; by default the tokenizer's <c>model_max_length</c>. Never more than the model's
    /// <c>max_position_embeddings</c>: a longer sequence would index past the position table.
    /// </param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file the folder needs is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static CommentScorer Load(string folder, Device device, int? maxLength = null)
    {
        (Module<Tensor, Tensor, Tensor, Tensor> model, IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(folder);
        BertWordPieceTokenizer tokenizer = BertTokenizerFiles.Load(folder);
        int length = Math.Min(maxLength ?? tokenizer.Options.ModelMaxLength, PretrainedModels.MaxPositions(folder));
        return new CommentScorer(model, tokenizer, labels, device, length);
    }

    /// <summary>The probability of each label for each text: rows in the order of <paramref name="texts"/>, columns in <see cref="Labels"/> order.</summary>
    /// <param name="texts">The comments.</param>
    /// <param name="progress">Told how many texts are scored so far, after each batch.</param>
    public double[,] Score(IReadOnlyList<string> texts, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return new double[0, Labels.Count];
        }
        EncodedTexts encoded = EncodedTexts.Encode(Tokenizer, texts, MaxLength);
        using Tensor probabilities = ForwardPass.Run(model, encoded, Tokenizer.PaddingId, BatchSize, Device, Probabilities, inferenceOnly: true, progress);
        return ForwardPass.ToMatrix(probabilities);
    }

    /// <summary>The probabilities of one text, in <see cref="Labels"/> order.</summary>
    public double[] Score(string text)
    {
        double[,] one = Score([text]);
        return Enumerable.Range(0, Labels.Count).Select(label => one[0, label]).ToArray();
    }

    // The sigmoid of the logits, in the model's float32 as it always was, before the pass widens them to float64.
    private Tensor Probabilities(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        Tensor logits = model.forward(inputIds, attentionMask, tokenTypeIds); // (batch, labels)
        if (logits.shape[1] != Labels.Count)
        {
            throw new InvalidDataException($"the model gives {logits.shape[1]} logits per comment for {Labels.Count} labels.");
        }
        return logits.sigmoid();
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
