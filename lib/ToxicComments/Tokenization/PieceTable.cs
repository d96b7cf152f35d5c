using System.Numerics;

namespace ToxicComments.Tokenization;

/// <summary>
/// An open-addressing hash table from word pieces to ids, built once and only read. WordPiece asks it for every
/// prefix of a word, longest first; the hash is FNV-1a, which extends one character at a time, so the caller hashes
/// all prefixes in one pass (<see cref="Extend"/>) instead of rehashing each candidate. Lookups are where a BERT
/// tokenizer spends most of its time.
/// </summary>
internal sealed class PieceTable
{
    /// <summary>The FNV-1a offset basis: the hash of the empty piece.</summary>
    public const uint EmptyHash = 2166136261;

    private readonly int[] slots;
    private readonly uint[] hashes;
    private readonly int[] ids;
    private readonly int[] starts;
    private readonly int[] lengths;
    private readonly char[] text;
    private readonly int mask;

    public PieceTable(IEnumerable<(string Piece, int Id)> pieces)
    {
        var entries = pieces.ToList();
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        mask = size - 1;
        slots = Enumerable.Repeat(-1, size).ToArray();
        hashes = new uint[entries.Count];
        ids = new int[entries.Count];
        starts = new int[entries.Count];
        lengths = new int[entries.Count];
        text = new char[entries.Sum(e => e.Piece.Length)];
        int offset = 0;
        for (int entry = 0; entry < entries.Count; entry++)
        {
            (string piece, int id) = entries[entry];
            piece.CopyTo(text.AsSpan(offset));
            uint hash = Hash(piece);
            int slot = Find(piece, hash);
            if (slot >= 0)
            {
                // A later duplicate wins, as in Hugging Face's loader.
                ids[slots[slot]] = id;
                continue;
            }
            (hashes[entry], ids[entry], starts[entry], lengths[entry]) = (hash, id, offset, piece.Length);
            offset += piece.Length;
            int at = Home(hash);
            while (slots[at] >= 0)
            {
                at = (at + 1) & mask;
            }
            slots[at] = entry;
            LongestPiece = Math.Max(LongestPiece, piece.Length);
        }
    }

    /// <summary>The longest piece, in UTF-16 units: no longer candidate can match.</summary>
    public int LongestPiece { get; }

    /// <summary>The running FNV-1a state after one more character.</summary>
    public static uint Extend(uint state, char c) => (state ^ c) * 16777619;

    /// <summary>The hash of a whole piece.</summary>
    public static uint Hash(ReadOnlySpan<char> piece)
    {
        uint state = EmptyHash;
        foreach (char c in piece)
        {
            state = Extend(state, c);
        }
        return state;
    }

    /// <summary>The id of <paramref name="piece"/>, whose running hash is <paramref name="hash"/>, or -1.</summary>
    public int IdOf(ReadOnlySpan<char> piece, uint hash)
    {
        int slot = Find(piece, hash);
        return slot < 0 ? -1 : ids[slots[slot]];
    }

    // Multiply-shift spreads FNV's low bits, which short pieces leave poorly mixed.
    private int Home(uint hash) => (int)((hash * 0x9E3779B1u) >> 7) & mask;

    private int Find(ReadOnlySpan<char> piece, uint hash)
    {
        int at = Home(hash);
        while (slots[at] is var entry and >= 0)
        {
            if (hashes[entry] == hash && lengths[entry] == piece.Length && text.AsSpan(starts[entry], lengths[entry]).SequenceEqual(piece))
            {
                return at;
            }
            at = (at + 1) & mask;
        }
        return -1;
    }
}
