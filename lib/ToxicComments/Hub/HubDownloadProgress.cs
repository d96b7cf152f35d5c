namespace ToxicComments.Hub;

/// <summary>How far the download of one file of a repository has come.</summary>
/// <param name="FileName">The file's name in the repository, as <c>config.json</c>.</param>
/// <param name="BytesDone">Bytes on disk so far, a resumed part included.</param>
/// <param name="TotalBytes">The file's size.</param>
/// <param name="FromCache">True when the file was already in the cache and nothing was downloaded.</param>
public sealed record HubDownloadProgress(string FileName, long BytesDone, long TotalBytes, bool FromCache);
