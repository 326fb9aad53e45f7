using System.Net;
using System.Security.Cryptography;

namespace Pipeline.Local.S3;

/// <summary>
/// Passes a request body through while hashing it, and fails at end of stream when the body does not
/// match <c>Content-MD5</c>, a hex <c>x-amz-content-sha256</c> or an <c>x-amz-checksum-*</c> header. The failure happens before the object
/// store commits the object, so a corrupted upload leaves nothing behind.
/// </summary>
internal sealed class ContentVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[]? _expectedMd5;
    private readonly byte[]? _expectedSha256;
    private readonly IncrementalHash? _md5;
    private readonly IncrementalHash? _sha256;
    private readonly (S3Checksum Checksum, string Expected)? _checksum;
    private bool _verified;

    public ContentVerifyingStream(Stream inner, byte[]? expectedMd5, byte[]? expectedSha256, (S3Checksum Checksum, string Expected)? checksum = null)
    {
        _checksum = checksum;
        _inner = inner;
        _expectedMd5 = expectedMd5;
        _expectedSha256 = expectedSha256;
        _md5 = expectedMd5 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        _sha256 = expectedSha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            _md5?.AppendData(buffer.Span[..read]);
            _sha256?.AppendData(buffer.Span[..read]);
            _checksum?.Checksum.Append(buffer.Span[..read]);
            return read;
        }

        if (!_verified)
        {
            _verified = true;
            if (_md5 is not null && !_md5.GetHashAndReset().AsSpan().SequenceEqual(_expectedMd5))
            {
                throw new S3Error(HttpStatusCode.BadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.");
            }

            if (_sha256 is not null && !_sha256.GetHashAndReset().AsSpan().SequenceEqual(_expectedSha256))
            {
                throw new S3Error(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }

            if (_checksum is { } checksum)
            {
                checksum.Checksum.Verify(checksum.Expected);
            }
        }

        return 0;
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
            _md5?.Dispose();
            _sha256?.Dispose();
            _checksum?.Checksum.Dispose();
        }

        base.Dispose(disposing);
    }
}
