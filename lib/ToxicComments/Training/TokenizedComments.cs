using ToxicComments.Data;
using ToxicComments.Tokenization;
using static TorchSharp.torch;

namespace ToxicComments.Training;

/// <summary>Comments as a model trains on them: token ids (unpadded) and 0/1 targets per label.</summary>
public sealed class TokenizedComments
{
    private readonly float[] targets;

    private TokenizedComments(EncodedTexts texts, float[] targets, int labelCount, int paddingId, string source)
    {
        PaddingId = paddingId;
        Texts = texts;
        this.targets = targets;
        LabelCount = labelCount;
        Source = source;
    }

    /// <summary>The token ids of each comment.</summary>
    public EncodedTexts Texts { get; }

    /// <summary>Labels per comment.</summary>
    public int LabelCount { get; }

    /// <summary>The tokenizer's <c>[PAD]</c> id, which fills the padding of batches.</summary>
    public int PaddingId { get; }

    /// <summary>Where the comments came from.</summary>
    public string Source { get; }

    /// <summary>How many comments.</summary>
    public int Count => Texts.Count;

    /// <summary>Whether comment <paramref name="row"/> has label <paramref name="label"/>.</summary>
    public bool IsPositive(int row, int label) => targets[(row * LabelCount) + label] > 0.5f;

    /// <summary>Whether both classes of label <paramref name="label"/> occur: only then can a ranking of it be scored or fitted.</summary>
    public bool HasBothClasses(int label)
    {
        bool positive = false, negative = false;
        for (int row = 0; row < Count && !(positive && negative); row++)
        {
            positive |= IsPositive(row, label);
            negative |= !IsPositive(row, label);
        }
        return positive && negative;
    }

    /// <summary>Whether some label has both classes: only then is a mean ROC AUC over the labels defined.</summary>
    public bool HasARankableLabel => Enumerable.Range(0, LabelCount).Any(HasBothClasses);

    /// <summary>The targets as a 0/1 matrix (comments, labels), the shape the metrics take.</summary>
    public int[,] Truth()
    {
        var truth = new int[Count, LabelCount];
        for (int row = 0; row < Count; row++)
        {
            for (int label = 0; label < LabelCount; label++)
            {
                truth[row, label] = IsPositive(row, label) ? 1 : 0;
            }
        }
        return truth;
    }

    /// <summary>Tokens in all comments, special tokens included, padding not.</summary>
    public long TokenCount => Texts.Ids.Sum(ids => (long)ids.Length);

    /// <summary>Tokenizes <paramref name="comments"/> (truncated to <paramref name="maxLength"/>) with their six labels as targets.</summary>
    public static TokenizedComments Encode(BertWordPieceTokenizer tokenizer, CommentSet comments, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(comments);
        EncodedTexts texts = EncodedTexts.Encode(tokenizer, comments.Select(c => c.Text).ToList(), maxLength);
        var targets = new float[comments.Count * LabelNames.Count];
        for (int row = 0; row < comments.Count; row++)
        {
            for (int label = 0; label < LabelNames.Count; label++)
            {
                targets[(row * LabelNames.Count) + label] = comments[row].Labels.Has(label) ? 1f : 0f;
            }
        }
        return new TokenizedComments(texts, targets, LabelNames.Count, tokenizer.PaddingId, comments.Source);
    }

    /// <summary>The rows <paramref name="rows"/> as one padded batch with their targets, on <paramref name="device"/>.</summary>
    public LabelledBatch Batch(IReadOnlyList<int> rows, Padding padding, Device device)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sequences = new int[rows.Count][];
        var batchTargets = new float[rows.Count * LabelCount];
        for (int i = 0; i < rows.Count; i++)
        {
            sequences[i] = Texts.Ids[rows[i]];
            Array.Copy(targets, rows[i] * LabelCount, batchTargets, i * LabelCount, LabelCount);
        }
        TokenBatch tokens = TokenBatch.Collate(sequences, PaddingId, Texts.MaxLength, padding, device);
        return new LabelledBatch(tokens, tensor(batchTargets, [rows.Count, LabelCount], ScalarType.Float32, device));
    }
}

/// <summary>A padded batch and its targets (batch, labels) as float 0/1. Owns its tensors.</summary>
public sealed record LabelledBatch(TokenBatch Tokens, Tensor Targets) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Tokens.Dispose();
        Targets.Dispose();
    }
}
