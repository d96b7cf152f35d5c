using System.Text.Json;
using ToxicComments.Hub;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Cli;

public sealed class TokenizeCliTests
{
    [Fact]
    public void Tokenize_JsonLines_WritesIdsPerLineInOrder()
    {
        using var temp = new TempFolder();
        string[] texts = ["Hello, World!", "", "Ünïcödé ☕ and 中文", "line\nbreak \"quoted\""];
        string input = string.Concat(texts.Select(t => JsonSerializer.Serialize(new { text = t }) + "\n"));

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, input, "tokenize");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(texts.Length, lines.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            int[] ids = JsonDocument.Parse(lines[i]).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(OfflineModel.Tokenizer().Encode(texts[i]), ids);
        }
    }

    [Fact]
    public void Tokenize_MaxLength_Truncates()
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "{\"text\": \"a b c d e f g\"}\n", "tokenize", "--max-length", "4");

        Assert.Equal("{\"ids\":[101,1037,1038,102]}", result.Stdout.Trim());
    }

    [Theory]
    [InlineData("{\"text\": \"ok\"}\nnot json\n", "toxic: stdin:2: not valid JSON")]
    [InlineData("{\"text\": \"ok\"}\n{\"texts\": \"typo\"}\n", "toxic: stdin:2: expected an object with a string \"text\"")]
    [InlineData("{\"text\": 42}\n", "toxic: stdin:1: expected an object with a string \"text\"")]
    public void Tokenize_BadLine_NamesTheLineAndExitsOne(string input, string expected)
    {
        using var temp = new TempFolder();

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, input, "tokenize");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expected, result.Stderr);
    }

    [Fact]
    public void Tokenize_FolderWithMalformedVocab_NamesTheFile()
    {
        using var temp = new TempFolder();
        temp.Write("vocab.txt", "[PAD]\n[PAD]\n");

        ToxicProcess.Result result = ToxicProcess.RunWithInput(temp.Path, "", "tokenize", "--model", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"toxic: {Path.Combine(temp.Path, "vocab.txt")}:2: token '[PAD]' is already on line 1", result.Stderr);
    }
}
