using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// Hashes a row's content for the split and for deduplication:
/// SHA-256 of UTF-8(<c>seed</c> U+001F <c>field0</c> U+001F <c>field1</c> ...), where fields are the cell texts
/// after unquoting and trimming, in file order. The top 53 bits of the first 8 bytes (big-endian) divided by 2^53 place the row in
/// [0, 1): train below the train fraction, then validation, then test. The Glue job computes the same hash.
/// </summary>
internal sealed class RowHasher : IDisposable
{
    private const double TwoToThe53 = 9007199254740992.0;
    private readonly byte[] _prefix;
    private readonly IncrementalHash? _sha256 = NativeSha256.IsAvailable ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[4096];

    public RowHasher(long seed) => _prefix = Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture));

    /// <summary>Hashes a row given as U+001F, field 0, U+001F, field 1, ...; returns its position in [0, 1) and a 128-bit key identifying its content.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Position, UInt128 Key) Hash(ReadOnlySpan<char> joined)
    {
        var length = _prefix.Length;
        EnsureCapacity(length + Encoding.UTF8.GetMaxByteCount(joined.Length));
        _prefix.CopyTo(_buffer, 0);
        length += Encoding.UTF8.GetBytes(joined, _buffer.AsSpan(length));
        return Finish(length);
    }

    private (double Position, UInt128 Key) Finish(int length)
    {
        Span<byte> digest = stackalloc byte[32];
        if (_sha256 is null)
        {
            NativeSha256.Hash(_buffer.AsSpan(0, length), digest);
        }
        else
        {
            // One reused hash context: the one-shot SHA256.HashData creates and frees an OpenSSL context per row,
            // which costs more than hashing a short row.
            _sha256.AppendData(_buffer, 0, length);
            _sha256.GetHashAndReset(digest);
        }

        var head = BinaryPrimitives.ReadUInt64BigEndian(digest);
        var key = new UInt128(head, BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
        return ((head >> 11) / TwoToThe53, key);
    }

    public void Dispose() => _sha256?.Dispose();

    private void EnsureCapacity(int needed)
    {
        if (_buffer.Length < needed)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
