namespace Pipeline.Local.Storage;

/// <summary>Metadata of a stored object, with the fields S3 reports for it.</summary>
/// <param name="ETag">The hex MD5 of the content, without quotes, as S3 computes it for a single-part upload.</param>
/// <param name="Sequencer">A hex string that orders events for the same key, as in S3 event notifications.</param>
public sealed record ObjectInfo(string Bucket, string Key, long Size, string ETag, DateTimeOffset LastModified, string? VersionId, string Sequencer);

/// <summary>
/// The local S3: each bucket is a folder under <c>.pipeline/buckets/</c>. Every successful put raises
/// <see cref="ObjectCreated"/>, which the event router turns into S3 event notifications.
/// </summary>
public interface IObjectStore
{
    /// <summary>Raised after an object is written, with the S3 event name (for example <c>ObjectCreated:Put</c>).</summary>
    event Func<ObjectInfo, string, CancellationToken, Task>? ObjectCreated;

    Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading; throws <see cref="ObjectNotFoundException"/> when the key does not exist.</summary>
    Task<Stream> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ObjectInfo> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken = default);

    Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Creates the bucket folder if it does not exist.</summary>
    Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default);

    IReadOnlyList<string> ListBuckets();

    /// <summary>
    /// Returns the file that holds an object's bytes, for readers that need a path (libxgboost, LightGBM).
    /// The file must not be written through this path: writes go through <see cref="PutObjectAsync"/>.
    /// </summary>
    string GetObjectFilePath(string bucket, string key);
}

public sealed class ObjectNotFoundException : Exception
{
    public ObjectNotFoundException(string bucket, string key)
        : base($"The object s3://{bucket}/{key} does not exist.")
    {
        Bucket = bucket;
        Key = key;
    }

    public ObjectNotFoundException()
    {
        Bucket = string.Empty;
        Key = string.Empty;
    }

    public ObjectNotFoundException(string message)
        : base(message)
    {
        Bucket = string.Empty;
        Key = string.Empty;
    }

    public ObjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Bucket = string.Empty;
        Key = string.Empty;
    }

    public string Bucket { get; }

    public string Key { get; }
}
