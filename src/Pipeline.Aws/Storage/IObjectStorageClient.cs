namespace Pipeline.Aws.Storage;

/// <summary>
/// Read access to S3 objects. A missing object raises <see cref="AwsServiceErrorException"/> with the
/// S3 error code (<c>NoSuchKey</c>, <c>NoSuchBucket</c>), except in <see cref="HeadObjectAsync"/>, which returns null.
/// </summary>
public interface IObjectStorageClient
{
    /// <summary>Returns the object's metadata, or null when the key (or the given version) does not exist.</summary>
    /// <param name="versionId">A version to describe; null describes the current version.</param>
    Task<ObjectMetadata?> HeadObjectAsync(string bucket, string key, string? versionId = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's content.</summary>
    Task<byte[]> GetObjectBytesAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's content decoded as UTF-8 (a byte order mark is skipped).</summary>
    Task<string> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Yields the current version of every object whose key starts with <paramref name="prefix"/>, in key order (ListObjectsV2).</summary>
    IAsyncEnumerable<ObjectSummary> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken = default);
}

/// <summary>One entry of a <c>ListObjectsV2</c> response.</summary>
/// <param name="ETag">The entity tag without surrounding quotes.</param>
/// <param name="Size">The size in bytes.</param>
public sealed record ObjectSummary(string Key, string ETag, long Size, DateTimeOffset LastModified);

/// <summary>The metadata of one object version, as <c>HeadObject</c> returns it.</summary>
/// <param name="ETag">The entity tag without surrounding quotes.</param>
/// <param name="ContentLength">The size in bytes.</param>
/// <param name="VersionId">The version id, or null when the bucket is not versioned.</param>
/// <param name="LastModified">The time of the last write, when the service sent it.</param>
public sealed record ObjectMetadata(string ETag, long ContentLength, string? VersionId, DateTimeOffset? LastModified)
{
    /// <summary>Returns <paramref name="eTag"/> without surrounding double quotes, as S3 event notifications spell it.</summary>
    public static string NormalizeETag(string? eTag) => (eTag ?? string.Empty).Trim().Trim('"');
}
