using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Pipeline.Local.Storage;

/// <summary>
/// The local S3: bucket <c>b</c> is the folder <c>ROOT/b</c> and key <c>k</c> is the file <c>ROOT/b/k</c>,
/// so users can look at their data with ordinary tools.
/// </summary>
/// <remarks>
/// Writes go to a temporary file that is then moved into place, so readers never see half an object.
/// A folder marker (a key ending in <c>/</c>) is stored as a hidden marker file inside that folder.
/// NOTE: a folder cannot hold a key and a longer key below it ("a" and "a/b"), which S3 allows;
/// such a put is rejected with <see cref="InvalidObjectKeyException"/>.
/// </remarks>
public sealed class FolderObjectStore : IObjectStore
{
    internal const string FolderMarkerName = ".s3-folder-marker";
    private const string TempFolderName = ".tmp";

    private readonly string _root;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (long Size, DateTime Written, string ETag)> _etags = new(StringComparer.Ordinal);
    private long _sequence;

    public FolderObjectStore(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_root);
    }

    public event Func<ObjectInfo, string, CancellationToken, Task>? ObjectCreated;

    public string Root => _root;

    public Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(BucketPath(bucket));
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> ListBuckets() =>
        Directory.EnumerateDirectories(_root)
            .Select(Path.GetFileName)
            .Where(name => name is not null && name != TempFolderName)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = GetObjectFilePath(bucket, key);
        if (!Directory.Exists(BucketPath(bucket)))
        {
            throw new BucketNotFoundException(bucket);
        }

        if (Directory.Exists(target))
        {
            throw new InvalidObjectKeyException(key, "a folder with that name already holds other keys");
        }

        var folder = Path.GetDirectoryName(target)!;
        EnsureFolder(bucket, key, folder);
        var tempFolder = Path.Combine(_root, TempFolderName);
        Directory.CreateDirectory(tempFolder);
        var tempFile = Path.Combine(tempFolder, Guid.NewGuid().ToString("N"));
        string etag;
        try
        {
            await using (var file = new FileStream(tempFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                etag = Convert.ToHexStringLower(md5.GetHashAndReset());
            }

            File.Move(tempFile, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(tempFile))
            {
                File.Delete(tempFile);
            }
        }

        var fileInfo = new FileInfo(target);
        _etags[target] = (fileInfo.Length, fileInfo.LastWriteTimeUtc, etag);
        var info = new ObjectInfo(bucket, key, fileInfo.Length, etag, _timeProvider.GetUtcNow(), null, NextSequencer());
        var handlers = ObjectCreated;
        if (handlers is not null)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<ObjectInfo, string, CancellationToken, Task>>())
            {
                await handler(info, "ObjectCreated:Put", cancellationToken).ConfigureAwait(false);
            }
        }

        return info;
    }

    public Task<Stream> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = GetObjectFilePath(bucket, key);
        if (!File.Exists(path))
        {
            throw new ObjectNotFoundException(bucket, key);
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        return Task.FromResult(stream);
    }

    public async Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = GetObjectFilePath(bucket, key);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var etag = await GetETagAsync(file, cancellationToken).ConfigureAwait(false);
        return new ObjectInfo(bucket, key, file.Length, etag, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), null, SequencerOf(file));
    }

    public async IAsyncEnumerable<ObjectInfo> ListObjectsAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var bucketPath = BucketPath(bucket);
        if (!Directory.Exists(bucketPath))
        {
            throw new BucketNotFoundException(bucket);
        }

        var keys = Directory.EnumerateFiles(bucketPath, "*", SearchOption.AllDirectories)
            .Select(path => KeyOf(bucketPath, path))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = await HeadObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            if (info is not null)
            {
                yield return info;
            }
        }
    }

    public Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = GetObjectFilePath(bucket, key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        _etags.TryRemove(path, out _);
        return Task.FromResult(true);
    }

    public string GetObjectFilePath(string bucket, string key)
    {
        ValidateBucketName(bucket);
        ObjectKeys.Validate(key);
        var bucketPath = BucketPath(bucket);
        var relative = key.EndsWith('/') ? key + FolderMarkerName : key;
        var path = Path.GetFullPath(Path.Combine(bucketPath, relative));
        if (!path.StartsWith(bucketPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException(key, "it resolves outside the bucket folder");
        }

        return path;
    }

    private static string KeyOf(string bucketPath, string path)
    {
        var key = Path.GetRelativePath(bucketPath, path).Replace(Path.DirectorySeparatorChar, '/');
        return key.EndsWith("/" + FolderMarkerName, StringComparison.Ordinal) || key == FolderMarkerName
            ? key[..^FolderMarkerName.Length]
            : key;
    }

    private static void ValidateBucketName(string bucket)
    {
        // S3 bucket naming rules: 3-63 characters of lowercase letters, digits, dots and hyphens.
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            || !char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            throw new InvalidBucketNameException(bucket);
        }
    }

    private void EnsureFolder(string bucket, string key, string folder)
    {
        var bucketPath = BucketPath(bucket);
        for (var current = folder; current.Length > bucketPath.Length; current = Path.GetDirectoryName(current)!)
        {
            if (File.Exists(current))
            {
                throw new InvalidObjectKeyException(key, $"the key '{KeyOf(bucketPath, current)}' is an object, so it cannot also be a folder");
            }
        }

        Directory.CreateDirectory(folder);
    }

    private async Task<string> GetETagAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (_etags.TryGetValue(file.FullName, out var cached) && cached.Size == file.Length && cached.Written == file.LastWriteTimeUtc)
        {
            return cached.ETag;
        }

        await using var stream = file.OpenRead();
#pragma warning disable CA5351 // S3 defines the ETag of a single-part upload as the MD5 of the content.
        var hash = await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
#pragma warning restore CA5351
        var etag = Convert.ToHexStringLower(hash);
        _etags[file.FullName] = (file.Length, file.LastWriteTimeUtc, etag);
        return etag;
    }

    private string NextSequencer()
    {
        // S3 sequencers are hex strings that order events for one key; the write time in ticks
        // plus a per-process counter keeps them increasing.
        var ticks = _timeProvider.GetUtcNow().UtcTicks;
        var sequence = Interlocked.Increment(ref _sequence) & 0xFFFF;
        return ticks.ToString("X16", CultureInfo.InvariantCulture) + sequence.ToString("X4", CultureInfo.InvariantCulture);
    }

    private static string SequencerOf(FileInfo file) =>
        file.LastWriteTimeUtc.Ticks.ToString("X16", CultureInfo.InvariantCulture) + "0000";

    private string BucketPath(string bucket) => Path.Combine(_root, bucket);
}
