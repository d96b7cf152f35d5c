namespace ToxicComments.Training.Checkpoints;

/// <summary>A checkpoint is missing, damaged or belongs to a different run; the message names the file and what is wrong.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public CheckpointException()
    {
    }

    public CheckpointException(string message) : base(message)
    {
    }
}
