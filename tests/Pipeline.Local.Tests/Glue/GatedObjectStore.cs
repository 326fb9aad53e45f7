using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.Glue;

/// <summary>
/// A folder object store whose <c>HeadObjectAsync</c> of one blocked key waits until the test releases it (or the
/// caller's token is canceled), which holds a Glue run in RUNNING without timing assumptions.
/// </summary>
internal sealed class GatedObjectStore(FolderObjectStore inner) : IObjectStore
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _blockedKey;

    public event Func<ObjectInfo, string, CancellationToken, Task>? ObjectCreated
    {
        add => inner.ObjectCreated += value;
        remove => inner.ObjectCreated -= value;
    }

    /// <summary>Completes when a run reaches the blocked key.</summary>
    public Task Entered => EnteredSource.Task;

    private TaskCompletionSource EnteredSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IDisposable Block(string key)
    {
        _blockedKey = key;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new Release(_gate);
    }

    public async Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        if (key == _blockedKey)
        {
            EnteredSource.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.HeadObjectAsync(bucket, key, cancellationToken);
    }

    public Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream content, CancellationToken cancellationToken = default) =>
        inner.PutObjectAsync(bucket, key, content, cancellationToken);

    public Task<Stream> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        inner.GetObjectAsync(bucket, key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken = default) =>
        inner.ListObjectsAsync(bucket, prefix, cancellationToken);

    public Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        inner.DeleteObjectAsync(bucket, key, cancellationToken);

    public Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.CreateBucketAsync(bucket, cancellationToken);

    public IReadOnlyList<string> ListBuckets() => inner.ListBuckets();

    public string GetObjectFilePath(string bucket, string key) => inner.GetObjectFilePath(bucket, key);

    private sealed class Release(TaskCompletionSource gate) : IDisposable
    {
        public void Dispose() => gate.TrySetResult();
    }
}
