using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Aws;
using Pipeline.Aws.Storage;

namespace Pipeline.Functions.Tests.Fakes;

/// <summary>An in-memory bucket store: the current version of each key, with ETags computed as S3 does for single-part uploads (MD5).</summary>
internal sealed class FakeObjectStorage : IObjectStorageClient
{
    private readonly Dictionary<(string Bucket, string Key), (byte[] Content, string ETag, string? VersionId, DateTimeOffset LastModified)> _objects = [];

    public List<string> HeadRequests { get; } = [];

    public List<string> ListRequests { get; } = [];

    /// <param name="lastModified">The object's LastModified; default 2026-12-04T20:15:30Z.</param>
    public ObjectMetadata Put(string bucket, string key, string content, string? versionId = null, DateTimeOffset? lastModified = null)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
#pragma warning disable CA5351 // S3 computes the ETag of a single-part upload as the MD5 of the content; no security depends on it.
        var eTag = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
        _objects[(bucket, key)] = (bytes, eTag, versionId, lastModified ?? new DateTimeOffset(2026, 12, 4, 20, 15, 30, TimeSpan.Zero));
        return new ObjectMetadata(eTag, bytes.Length, versionId, null);
    }

    public void Delete(string bucket, string key) => _objects.Remove((bucket, key));

    public Task<ObjectMetadata?> HeadObjectAsync(string bucket, string key, string? versionId = null, CancellationToken cancellationToken = default)
    {
        HeadRequests.Add(key);
        return Task.FromResult(_objects.TryGetValue((bucket, key), out var item)
            ? new ObjectMetadata(item.ETag, item.Content.Length, item.VersionId, null)
            : null);
    }

    public Task<byte[]> GetObjectBytesAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        if (!_objects.TryGetValue((bucket, key), out var item))
        {
            throw new AwsServiceErrorException("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound, "fake-request");
        }

        return Task.FromResult(item.Content);
    }

    public async IAsyncEnumerable<ObjectSummary> ListObjectsAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ListRequests.Add(prefix);
        var matches = _objects
            .Where(item => item.Key.Bucket == bucket && item.Key.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(item => item.Key.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var (id, item) in matches)
        {
            await Task.Yield();
            yield return new ObjectSummary(id.Key, item.ETag, item.Content.Length, item.LastModified);
        }
    }

    public async Task<string> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await GetObjectBytesAsync(bucket, key, cancellationToken));
}
