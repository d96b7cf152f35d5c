using TorchSharp;
using ToxicComments.Modeling;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Inference;

/// <summary>
/// Sentence embeddings from a pretrained encoder: its last hidden state pooled (the first token, or the
/// attention-masked mean all-MiniLM-L6-v2 was trained to give), not normalised. What <c>toxic embed</c> prints and the
/// frozen-embedding baseline of bench/quality fits on.
/// </summary>
public sealed class Embedder : IDisposable
{
    private readonly nn.Module<Tensor, Tensor, Tensor, Tensor> encoder;

    private Embedder(PretrainedEncoder pretrained, Device device, Pooling pooling, int maxLength)
    {
        encoder = pretrained.Encoder.Module;
        encoder.to(device);
        Tokenizer = pretrained.Tokenizer;
        Device = device;
        Pooling = pooling;
        // A longer sequence would index past the position table.
        MaxLength = Math.Min(maxLength, Math.Min(Tokenizer.Options.ModelMaxLength, pretrained.Encoder.MaxPositions));
        Width = pretrained.Encoder.HiddenSize;
    }

    /// <summary>The encoder's tokenizer.</summary>
    public BertWordPieceTokenizer Tokenizer { get; }

    /// <summary>Where the encoder runs.</summary>
    public Device Device { get; }

    /// <summary>How the token states become one vector.</summary>
    public Pooling Pooling { get; }

    /// <summary>Tokens per text, never more than the model's positions; longer texts are truncated.</summary>
    public int MaxLength { get; }

    /// <summary>Numbers per embedding (the encoder's hidden size).</summary>
    public int Width { get; }

    /// <summary>Texts per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Loads <paramref name="model"/> (<c>minilm</c> or a Hugging Face BERT / DistilBERT folder).</summary>
    public static Embedder Load(string model, Device device, Pooling pooling = Pooling.Mean, int maxLength = 256) =>
        new(PretrainedModels.LoadEncoder(model), device, pooling, maxLength);

    /// <summary>The embedding of each text: (texts, <see cref="Width"/>), in the order of <paramref name="texts"/>.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        EncodedTexts encoded = EncodedTexts.Encode(Tokenizer, texts, MaxLength);
        using Tensor pooled = ForwardPass.Run(encoder, encoded, Tokenizer.PaddingId, BatchSize, Device,
            (ids, mask, types) => Pool.Apply(encoder.forward(ids, mask, types), mask, Pooling), inferenceOnly: true);
        // The encoder computes in float32: back to it, exactly, from the pass's float64.
        float[] values = pooled.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Enumerable.Range(0, texts.Count).Select(row => values.AsSpan(row * Width, Width).ToArray()).ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => encoder.Dispose();
}
