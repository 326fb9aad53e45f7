using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Pipeline.Local.S3;

/// <summary>
/// An additional checksum of an upload (<c>x-amz-checksum-crc32</c>, <c>-crc32c</c>, <c>-sha1</c> or
/// <c>-sha256</c>), computed over the object bytes as they arrive and compared with the value the client
/// sent as a header or as an aws-chunked trailer.
/// </summary>
/// <remarks>NOTE: <c>x-amz-checksum-crc64nvme</c> is not computed, so such a value is accepted unchecked.</remarks>
internal sealed class S3Checksum : IDisposable
{
    private readonly Crc32? _crc;
    private readonly IncrementalHash? _hash;

    private S3Checksum(string headerName, Crc32? crc, IncrementalHash? hash)
    {
        HeaderName = headerName;
        _crc = crc;
        _hash = hash;
    }

    /// <summary>The header or trailer name, for example <c>x-amz-checksum-crc32</c>.</summary>
    public string HeaderName { get; }

    /// <summary>Returns the checksum named by a header or trailer name, or null for an algorithm this API does not compute.</summary>
    public static S3Checksum? Create(string headerName) => headerName.Trim().ToLowerInvariant() switch
    {
        "x-amz-checksum-crc32" => new S3Checksum("x-amz-checksum-crc32", new Crc32(0xEDB88320u), null),
        "x-amz-checksum-crc32c" => new S3Checksum("x-amz-checksum-crc32c", new Crc32(0x82F63B78u), null),
#pragma warning disable CA5350 // S3 offers SHA-1 as an integrity checksum; it is verified here, not relied on for security.
        "x-amz-checksum-sha1" => new S3Checksum("x-amz-checksum-sha1", null, IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
#pragma warning restore CA5350
        "x-amz-checksum-sha256" => new S3Checksum("x-amz-checksum-sha256", null, IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
        _ => null,
    };

    public void Append(ReadOnlySpan<byte> data)
    {
        _crc?.Append(data);
        _hash?.AppendData(data);
    }

    /// <summary>Raises S3's <c>BadDigest</c> when <paramref name="expectedBase64"/> differs from the checksum of the bytes read.</summary>
    public void Verify(string expectedBase64)
    {
        var actual = _crc is not null ? Convert.ToBase64String(_crc.GetBigEndianBytes()) : Convert.ToBase64String(_hash!.GetHashAndReset());
        if (!string.Equals(actual, expectedBase64.Trim(), StringComparison.Ordinal))
        {
            var algorithm = HeaderName["x-amz-checksum-".Length..].ToUpperInvariant();
            throw new S3Error(HttpStatusCode.BadRequest, "BadDigest", $"The {algorithm} you specified did not match the calculated checksum.");
        }
    }

    public void Dispose() => _hash?.Dispose();

    /// <summary>A table-driven reflected CRC-32 for the polynomial given in reversed form.</summary>
    private sealed class Crc32
    {
        private readonly uint[] _table = new uint[256];
        private uint _value = 0xFFFFFFFFu;

        public Crc32(uint reversedPolynomial)
        {
            for (uint i = 0; i < 256; i++)
            {
                var entry = i;
                for (var bit = 0; bit < 8; bit++)
                {
                    entry = (entry & 1) != 0 ? (entry >> 1) ^ reversedPolynomial : entry >> 1;
                }

                _table[i] = entry;
            }
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            var value = _value;
            foreach (var b in data)
            {
                value = _table[(value ^ b) & 0xFF] ^ (value >> 8);
            }

            _value = value;
        }

        public byte[] GetBigEndianBytes()
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, ~_value);
            return bytes;
        }
    }
}
