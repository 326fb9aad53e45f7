using System.Net;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>The result of an InvokeEndpoint call: the variant that served the request and its response.</summary>
public sealed record EndpointInvocation(string InvokedProductionVariant, EndpointResponse Response);

/// <summary>
/// An InvokeEndpoint error in the shape the SageMaker Runtime returns: an error type such as
/// <c>ValidationError</c> or <c>ModelError</c>, an HTTP status and a message.
/// </summary>
public sealed class EndpointInvocationException : Exception
{
    public EndpointInvocationException(string? errorType, HttpStatusCode statusCode, string message)
        : base(message)
    {
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    public EndpointInvocationException()
        : this("InternalFailure", HttpStatusCode.InternalServerError, "The endpoint invocation failed.")
    {
    }

    public EndpointInvocationException(string message)
        : this("InternalFailure", HttpStatusCode.InternalServerError, message)
    {
    }

    public EndpointInvocationException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "InternalFailure";
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>The <c>x-amzn-ErrorType</c>, or null for errors the front end raises without one (a body over the size limit).</summary>
    public string? ErrorType { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>For a <c>ModelError</c>: the variant whose model raised it.</summary>
    public string? VariantName { get; init; }

    /// <summary>For a <c>ModelError</c>: the HTTP status the model returned.</summary>
    public int? OriginalStatusCode { get; init; }

    /// <summary>For a <c>ModelError</c>: the model's own message.</summary>
    public string? OriginalMessage { get; init; }
}
