using ToxicComments.Pipeline;

namespace ToxicComments.Cli;

/// <summary>Where a <c>--model</c> option points: a model folder itself, or a run folder holding one (<c>05-train/model</c>).</summary>
internal static class ModelFolders
{
    public static string Resolve(string path)
    {
        string inRun = new StageFolders(path).Model;
        return !File.Exists(Path.Combine(path, "config.json")) && Directory.Exists(inRun) ? inRun : path;
    }
}
