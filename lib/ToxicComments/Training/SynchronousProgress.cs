namespace ToxicComments.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once, on the reporting thread. <see cref="Progress{T}"/>
/// posts to the captured synchronization context or the thread pool instead, so its reports can arrive late and out
/// of order, after the run has moved on.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => handler(value);
}
