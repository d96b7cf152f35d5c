using System.Collections;

namespace ToxicComments.Data;

/// <summary>An ordered, read-only collection of comments with the label statistics every stage shows.</summary>
public sealed class CommentSet : IReadOnlyList<Comment>
{
    private readonly Comment[] comments;

    /// <summary>Wraps <paramref name="comments"/> (not copied: callers hand over ownership).</summary>
    /// <param name="comments">The rows, in order.</param>
    /// <param name="source">Where they came from, for messages and run metadata.</param>
    /// <param name="sourceRows">Rows in the source before a filter was applied while reading; by default, all of them.</param>
    public CommentSet(Comment[] comments, string source, int? sourceRows = null)
    {
        this.comments = comments;
        Source = source;
        SourceRows = sourceRows ?? comments.Length;
    }

    /// <summary>Rows the source file holds; more than <see cref="Count"/> when rows were filtered out as it was read.</summary>
    public int SourceRows { get; }

    /// <summary>Where the comments came from: a file path, or a description such as <c>embedded synthetic (train)</c>.</summary>
    public string Source { get; }

    /// <summary>
    /// The file the comments were read from, as run metadata records it (<c>path</c>, <c>bytes</c>, <c>sha256</c> of the
    /// bytes read, hashed as they were read); null for comments made in memory or derived from another set.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? File { get; init; }

    /// <inheritdoc/>
    public int Count => comments.Length;

    /// <inheritdoc/>
    public Comment this[int index] => comments[index];

    /// <summary>The rows as a span, for hot loops.</summary>
    public ReadOnlySpan<Comment> AsSpan() => comments;

    /// <summary>Scored rows with at least one label.</summary>
    public int LabelledCount => comments.Count(c => c.IsScored && c.IsLabelled);

    /// <summary>Rows that carry labels (all rows of a train file; the scored rows of a test file).</summary>
    public int ScoredCount => comments.Count(c => c.IsScored);

    /// <summary>Positives per label among the scored rows, in <see cref="LabelNames.All"/> order.</summary>
    public int[] LabelCounts()
    {
        var counts = new int[LabelNames.Count];
        foreach (Comment comment in comments)
        {
            for (int label = 0; label < counts.Length; label++)
            {
                if (comment.IsScored && comment.Labels.Has(label))
                {
                    counts[label]++;
                }
            }
        }
        return counts;
    }

    /// <summary>
    /// How often each pair of labels occurs together: entry [i, j] counts scored rows that have both labels
    /// i and j; the diagonal holds the label counts.
    /// </summary>
    public int[,] CoOccurrence()
    {
        var matrix = new int[LabelNames.Count, LabelNames.Count];
        foreach (Comment comment in comments)
        {
            if (!comment.IsScored)
            {
                continue;
            }
            for (int i = 0; i < LabelNames.Count; i++)
            {
                for (int j = 0; j < LabelNames.Count; j++)
                {
                    if (comment.Labels.Has(i) && comment.Labels.Has(j))
                    {
                        matrix[i, j]++;
                    }
                }
            }
        }
        return matrix;
    }

    /// <summary>
    /// The labels as a rows x <see cref="LabelNames.Count"/> matrix of 0 and 1, in row and <see cref="LabelNames.All"/>
    /// order: what the metrics in <c>Evaluation</c> take.
    /// </summary>
    /// <exception cref="InvalidOperationException">A row was not scored by Kaggle (its labels mean nothing); keep the scored rows first.</exception>
    public int[,] LabelMatrix()
    {
        var matrix = new int[comments.Length, LabelNames.Count];
        for (int row = 0; row < comments.Length; row++)
        {
            if (!comments[row].IsScored)
            {
                throw new InvalidOperationException($"{Source}: row {comments[row].Id} was not scored (-1 in test_labels.csv); keep the scored rows first.");
            }
            for (int label = 0; label < LabelNames.Count; label++)
            {
                matrix[row, label] = comments[row].Labels.Has(label) ? 1 : 0;
            }
        }
        return matrix;
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public CommentSet Select(IEnumerable<int> indices, string source) =>
        new(indices.Select(i => comments[i]).ToArray(), source);

    /// <summary>The rows that satisfy <paramref name="keep"/>, in order.</summary>
    public CommentSet Where(Func<Comment, bool> keep, string source) =>
        new(comments.Where(keep).ToArray(), source);

    /// <inheritdoc/>
    public IEnumerator<Comment> GetEnumerator() => ((IEnumerable<Comment>)comments).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Count:N0} comments from {Source}";
}
