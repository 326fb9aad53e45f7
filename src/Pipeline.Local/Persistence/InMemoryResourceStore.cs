using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Persistence;

/// <summary>An <see cref="IResourceStore"/> that keeps documents in memory, for tests and throwaway runs.</summary>
public sealed class InMemoryResourceStore : IResourceStore
{
    private readonly ConcurrentDictionary<(string Kind, string Name), (long Order, string Json)> _documents = new();
    private long _order;

    public Task PutAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = document.ToJsonString();
        _documents.AddOrUpdate((kind, name), _ => (Interlocked.Increment(ref _order), json), (_, existing) => (existing.Order, json));
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Task.FromResult(_documents.TryAdd((kind, name), (Interlocked.Increment(ref _order), document.ToJsonString())));
    }

    public Task<JsonObject?> GetAsync(string kind, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryGetValue((kind, name), out var entry) ? JsonNode.Parse(entry.Json)!.AsObject() : null);

    public Task<IReadOnlyList<JsonObject>> ListAsync(string kind, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<JsonObject> documents = _documents
            .Where(pair => pair.Key.Kind == kind)
            .OrderBy(pair => pair.Value.Order)
            .Select(pair => JsonNode.Parse(pair.Value.Json)!.AsObject())
            .ToList();
        return Task.FromResult(documents);
    }

    public Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryRemove((kind, name), out _));
}
