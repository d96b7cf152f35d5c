using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ToxicComments.Data.Loading;

/// <summary>
/// Kaggle's files are UTF-8, and a byte that is not would be decoded as U+FFFD, a different comment from the one
/// labelled, with nothing said: every file is checked whole before it is parsed (a vectorised pass, a small share of
/// a load), and a file in another encoding is named as such.
/// </summary>
internal static class Utf8Text
{
    /// <exception cref="JigsawFormatException">
    /// The content is UTF-16 or UTF-32 (by its byte-order mark, or NUL bytes in its first line), or holds a byte
    /// sequence that is not UTF-8; the message names the line.
    /// </exception>
    public static void Require(ReadOnlySpan<byte> content, string file)
    {
        string? other = content switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32 (its byte-order mark says so)",
            [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => "UTF-16 (its byte-order mark says so)",
            _ when FirstLine(content).IndexOf((byte)0) >= 0 => "UTF-16 or UTF-32 (its first line holds NUL bytes)",
            _ => null,
        };
        if (other is not null)
        {
            throw new JigsawFormatException(file, null, null, $"the file is {other}; save it as UTF-8, as Kaggle's files are");
        }
        if (Utf8.IsValid(content))
        {
            return;
        }
        int offset = FirstInvalid(content);
        int line = content[..offset].Count((byte)'\n') + 1;
        throw new JigsawFormatException(file, line, null,
            $"byte 0x{content[offset]:X2} (offset {offset:N0}) is not UTF-8; save the file as UTF-8, as Kaggle's files are");
    }

    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> content)
    {
        int end = content.IndexOf((byte)'\n');
        return end < 0 ? content : content[..end];
    }

    private static int FirstInvalid(ReadOnlySpan<byte> content)
    {
        int offset = 0;
        while (offset < content.Length)
        {
            if (Rune.DecodeFromUtf8(content[offset..], out _, out int consumed) == OperationStatus.InvalidData)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }
}
