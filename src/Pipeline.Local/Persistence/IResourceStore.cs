using System.Text.Json.Nodes;

namespace Pipeline.Local.Persistence;

/// <summary>
/// Durable records of the local services (training jobs, model packages, endpoints, job runs),
/// stored as JSON documents keyed by a kind such as <c>sagemaker/TrainingJob</c> and a resource name.
/// </summary>
public interface IResourceStore
{
    /// <summary>Inserts or replaces the document of a resource.</summary>
    Task PutAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the document only if no resource of that kind and name exists.
    /// Returns false when one does, which services use to reject duplicate names.
    /// </summary>
    Task<bool> TryAddAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default);

    Task<JsonObject?> GetAsync(string kind, string name, CancellationToken cancellationToken = default);

    /// <summary>Returns every document of a kind, oldest first.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(string kind, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken = default);
}
