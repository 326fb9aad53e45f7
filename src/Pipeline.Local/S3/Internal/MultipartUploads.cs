using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Pipeline.Local.S3;

/// <summary>One multipart upload in progress: its target and the parts received so far, each stored as a file.</summary>
internal sealed class MultipartUpload
{
    public MultipartUpload(string uploadId, string bucket, string key, string folder)
    {
        UploadId = uploadId;
        Bucket = bucket;
        Key = key;
        Folder = folder;
    }

    public string UploadId { get; }

    public string Bucket { get; }

    public string Key { get; }

    public string Folder { get; }

    /// <summary>The parts by part number: the hex MD5 (the part's ETag) and the size.</summary>
    public ConcurrentDictionary<int, (string ETag, long Size)> Parts { get; } = new();

    public string PartPath(int partNumber) => Path.Combine(Folder, $"part-{partNumber:D5}");
}

/// <summary>The multipart uploads in progress, with their parts under one folder.</summary>
/// <remarks>NOTE: uploads in progress live in memory, so a restart of the host loses them; their part files stay in the folder.</remarks>
internal sealed class MultipartUploads
{
    private readonly ConcurrentDictionary<string, MultipartUpload> _uploads = new(StringComparer.Ordinal);

    public MultipartUploads(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    public string Folder { get; }

    public MultipartUpload Start(string bucket, string key)
    {
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var upload = new MultipartUpload(uploadId, bucket, key, Path.Combine(Folder, uploadId));
        Directory.CreateDirectory(upload.Folder);
        _uploads[uploadId] = upload;
        return upload;
    }

    /// <summary>Returns the upload, or raises NoSuchUpload when the id is unknown or belongs to another key.</summary>
    public MultipartUpload Get(string uploadId, string bucket, string key) =>
        _uploads.TryGetValue(uploadId, out var upload) && upload.Bucket == bucket && upload.Key == key
            ? upload
            : throw S3Error.NoSuchUpload(uploadId);

    /// <summary>Forgets the upload and deletes its parts; returns false when it was already gone.</summary>
    public bool Remove(MultipartUpload upload)
    {
        if (!_uploads.TryRemove(upload.UploadId, out _))
        {
            return false;
        }

        if (Directory.Exists(upload.Folder))
        {
            Directory.Delete(upload.Folder, recursive: true);
        }

        return true;
    }
}

/// <summary>Reads part files one after another as one stream, the object a CompleteMultipartUpload assembles.</summary>
internal sealed class ConcatenatedFileStream : Stream
{
    private readonly Queue<string> _paths;
    private FileStream? _current;

    public ConcatenatedFileStream(IEnumerable<string> paths)
    {
        _paths = new Queue<string>(paths);
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
        while (true)
        {
            if (_current is null)
            {
                if (!_paths.TryDequeue(out var path))
                {
                    return 0;
                }

                _current = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            }

            var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                return read;
            }

            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
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
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
