using System.Text.Json;

namespace ToxicComments.Hub;

/// <summary>
/// What <c>GET /api/models/{repo}/revision/{revision}</c> says about a model: the commit the revision points to and
/// the repository's files; and which of them a fine-tune needs.
/// </summary>
internal sealed record HubModelInfo(string Commit, IReadOnlySet<string> Files)
{
    /// <summary>Tokenizer files as <c>AutoTokenizer</c> reads them for BERT-style models; each only if the repository has it.</summary>
    private static readonly string[] TokenizerFiles = ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"];

    /// <summary>Weights in the order <c>from_pretrained</c> prefers them: safetensors loads without unpickling.</summary>
    private static readonly string[] WeightFiles = ["model.safetensors", "pytorch_model.bin"];

    public static HubModelInfo Parse(string json, string repoId, string revision)
    {
        string Malformed(string why) => $"{repoId}@{revision}: the Hub's description of the model is not as expected ({why}).";
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sha", out JsonElement sha) || sha.ValueKind != JsonValueKind.String
                || sha.GetString() is not { Length: > 0 } commit)
            {
                throw new HubException(Malformed("no \"sha\""));
            }
            var files = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("siblings", out JsonElement siblings) && siblings.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement sibling in siblings.EnumerateArray())
                {
                    if (sibling.ValueKind == JsonValueKind.Object
                        && sibling.TryGetProperty("rfilename", out JsonElement name) && name.ValueKind == JsonValueKind.String)
                    {
                        files.Add(name.GetString()!);
                    }
                }
            }
            return new HubModelInfo(commit, files);
        }
        catch (JsonException e)
        {
            throw new HubException(Malformed("not valid JSON"), e);
        }
    }

    /// <summary>config.json, the tokenizer files the repository has, and one set of weights.</summary>
    public IReadOnlyList<string> ModelFiles(string repoId)
    {
        if (!Files.Contains("config.json"))
        {
            throw new HubException($"{repoId}@{Commit}: no config.json; not a transformers model.");
        }
        string weights = WeightFiles.FirstOrDefault(Files.Contains)
            ?? throw new HubException($"{repoId}@{Commit}: neither model.safetensors nor pytorch_model.bin "
                                      + "(weights split into shards, or in another format, are not supported).");
        return ["config.json", .. TokenizerFiles.Where(Files.Contains), weights];
    }
}
