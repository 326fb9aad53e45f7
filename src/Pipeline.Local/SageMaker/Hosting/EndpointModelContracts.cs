namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>
/// Loads the model of one production variant from its extracted <c>model.tar.gz</c>, as a SageMaker
/// inference container does when an endpoint starts.
/// </summary>
public interface IEndpointModelLoader
{
    /// <summary>
    /// Loads a model. An exception fails the deployment, and its message becomes the endpoint's <c>FailureReason</c>.
    /// </summary>
    /// <param name="modelDirectory">The folder the model archive was extracted into (the container's <c>/opt/ml/model</c>).</param>
    /// <param name="image">The container image of the model, which selects the framework.</param>
    /// <param name="environment">The container's <c>Environment</c> from <c>CreateModel</c>.</param>
    Task<IEndpointModel> LoadAsync(string modelDirectory, string image, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}

/// <summary>A loaded model that serves invocations; several requests may call it at the same time.</summary>
public interface IEndpointModel : IDisposable
{
    /// <summary>
    /// Runs one inference request. Throw <see cref="ModelErrorException"/> for a problem in the request
    /// (a bad row, an unsupported content type); the caller receives it as SageMaker's <c>ModelError</c>.
    /// </summary>
    Task<EndpointResponse> InvokeAsync(string contentType, string? accept, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>The body of an inference response and its content type.</summary>
public sealed record EndpointResponse(string ContentType, byte[] Body);

/// <summary>
/// An error the model returns for a request, which the runtime API reports as <c>ModelError</c>
/// (HTTP 424) with the original status code and message.
/// </summary>
public sealed class ModelErrorException : Exception
{
    public ModelErrorException()
        : this("The model rejected the request.")
    {
    }

    public ModelErrorException(string message)
        : this(message, 400)
    {
    }

    public ModelErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        OriginalStatusCode = 400;
    }

    /// <param name="originalStatusCode">The HTTP status the model container would have returned: 4xx for a bad request, 5xx for a failure.</param>
    public ModelErrorException(string message, int originalStatusCode)
        : base(message)
    {
        OriginalStatusCode = originalStatusCode;
    }

    /// <summary>The HTTP status of the model container's response, reported as <c>OriginalStatusCode</c>.</summary>
    public int OriginalStatusCode { get; }
}
