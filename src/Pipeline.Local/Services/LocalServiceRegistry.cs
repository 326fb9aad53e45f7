using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Services;

/// <summary>One operation of a local AWS service: takes the request JSON and returns the response JSON.</summary>
public delegate Task<JsonObject> AwsOperation(JsonObject request, CancellationToken cancellationToken);

/// <summary>
/// Operations of the local AWS services, keyed by the service's signing name (<c>states</c>,
/// <c>sagemaker</c>, <c>glue</c>, <c>lambda</c>, <c>logs</c>, <c>monitoring</c>, <c>events</c>)
/// and the API operation name in PascalCase (<c>CreateTrainingJob</c>).
/// </summary>
/// <remarks>
/// The HTTP host dispatches JSON-protocol requests here by their <c>X-Amz-Target</c> header, and the
/// Step Functions task handlers call the same operations in-process, so both paths share one
/// implementation and one set of validation errors.
/// </remarks>
public sealed class LocalServiceRegistry
{
    private readonly ConcurrentDictionary<(string Service, string Operation), AwsOperation> _operations = new();

    /// <summary>Registers <paramref name="operation"/>, replacing any earlier registration of the same name.</summary>
    public void Register(string service, string operationName, AwsOperation operation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(operationName);
        ArgumentNullException.ThrowIfNull(operation);
        _operations[(service.ToUpperInvariant(), operationName.ToUpperInvariant())] = operation;
    }

    public bool Contains(string service, string operationName) =>
        _operations.ContainsKey((service.ToUpperInvariant(), operationName.ToUpperInvariant()));

    /// <summary>
    /// Invokes an operation. An unknown operation raises <see cref="AwsServiceException"/> with
    /// the code <c>UnknownOperationException</c>, as AWS JSON-protocol services do.
    /// </summary>
    public Task<JsonObject> InvokeAsync(string service, string operationName, JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_operations.TryGetValue((service.ToUpperInvariant(), operationName.ToUpperInvariant()), out var operation))
        {
            throw new AwsServiceException(
                "UnknownOperationException",
                $"The operation '{operationName}' of service '{service}' is not supported by the local runtime.");
        }

        return operation(request, cancellationToken);
    }
}
