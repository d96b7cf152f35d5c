namespace ToxicComments.Hub;

/// <summary>
/// A download from the Hugging Face Hub that could not be done: a missing repository or file, no access, a broken
/// or corrupt download, offline with nothing cached. The message is one line naming the repository and the file;
/// it never holds the access token.
/// </summary>
public sealed class HubException : Exception
{
    public HubException()
    {
    }

    public HubException(string message)
        : base(message)
    {
    }

    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
