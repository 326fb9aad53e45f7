using System.Globalization;
using System.Text;

namespace Pipeline.Local.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body (sent with <c>x-amz-content-sha256: STREAMING-...</c>) into
/// the object's bytes: each chunk is <c>HEX-SIZE[;chunk-signature=...]\r\nDATA\r\n</c>, the last has size 0,
/// and trailing headers such as <c>x-amz-checksum-crc32</c> may follow it.
/// </summary>
/// <remarks>
/// Chunk signatures are not verified, because the local API accepts any SigV4 signature.
/// A trailing checksum announced by <c>x-amz-trailer</c> is verified (see <see cref="S3Checksum"/>). A malformed
/// framing or a decoded length that differs from <c>x-amz-decoded-content-length</c> raises
/// <see cref="InvalidDataException"/> before end of stream, so the store never commits a partial object.
/// </remarks>
internal sealed class AwsChunkedStream : Stream
{
    private const int MaxHeaderLineBytes = 4096;

    private readonly Stream _inner;
    private readonly long? _expectedLength;
    private readonly S3Checksum? _trailerChecksum;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferStart;
    private int _bufferEnd;
    private long _chunkRemaining;
    private long _decoded;
    private bool _finished;

    /// <param name="trailerChecksum">The checksum that <c>x-amz-trailer</c> announces, verified against the trailer at the end; null for none.</param>
    public AwsChunkedStream(Stream inner, long? expectedLength, S3Checksum? trailerChecksum = null)
    {
        _inner = inner;
        _expectedLength = expectedLength;
        _trailerChecksum = trailerChecksum;
    }

    /// <summary>The trailing headers after the last chunk, available once the stream has been read to its end.</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _decoded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished || buffer.Length == 0)
        {
            return 0;
        }

        if (_chunkRemaining == 0)
        {
            var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var sizeText = header.Split(';', 2)[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"The aws-chunked body has an invalid chunk header '{header}'.");
            }

            if (size == 0)
            {
                await ReadTrailersAsync(cancellationToken).ConfigureAwait(false);
                _finished = true;
                if (_expectedLength is { } expected && expected != _decoded)
                {
                    throw new InvalidDataException($"The aws-chunked body decoded to {_decoded} bytes, but x-amz-decoded-content-length is {expected}.");
                }

                if (_trailerChecksum is not null)
                {
                    if (!Trailers.TryGetValue(_trailerChecksum.HeaderName, out var expectedChecksum))
                    {
                        throw new InvalidDataException($"The aws-chunked body announced the trailer {_trailerChecksum.HeaderName} but did not send it.");
                    }

                    _trailerChecksum.Verify(expectedChecksum);
                }

                return 0;
            }

            _chunkRemaining = size;
        }

        if (_bufferStart == _bufferEnd && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException("The aws-chunked body ended in the middle of a chunk.");
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, _bufferEnd - _bufferStart), _chunkRemaining);
        _buffer.AsMemory(_bufferStart, count).CopyTo(buffer);
        _trailerChecksum?.Append(_buffer.AsSpan(_bufferStart, count));
        _bufferStart += count;
        _chunkRemaining -= count;
        _decoded += count;
        if (_chunkRemaining == 0)
        {
            var end = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (end.Length != 0)
            {
                throw new InvalidDataException("An aws-chunked chunk is longer than its declared size.");
            }
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _trailerChecksum?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        // Trailers end with an empty line; some clients end the body right after the last chunk header.
        while (true)
        {
            if (_bufferStart == _bufferEnd && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
            {
                return;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                Trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_bufferStart == _bufferEnd && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException("The aws-chunked body ended before a line break.");
            }

            var b = _buffer[_bufferStart++];
            if (b == '\n')
            {
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.ASCII.GetString(line.ToArray());
            }

            line.Add(b);
            if (line.Count > MaxHeaderLineBytes)
            {
                throw new InvalidDataException("An aws-chunked chunk header is longer than 4096 bytes.");
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _bufferStart = 0;
        _bufferEnd = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _bufferEnd > 0;
    }
}
