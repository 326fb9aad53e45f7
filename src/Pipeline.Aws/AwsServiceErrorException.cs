using System.Net;

namespace Pipeline.Aws;

/// <summary>
/// An error response of an AWS service: the error code (<c>__type</c> of a JSON-protocol response,
/// without its namespace), the message, the HTTP status and the request id.
/// </summary>
public sealed class AwsServiceErrorException : Exception
{
    public AwsServiceErrorException(string errorCode, string message, HttpStatusCode statusCode, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public AwsServiceErrorException()
        : this("InternalFailure", "The AWS service returned an error.", HttpStatusCode.InternalServerError, null)
    {
    }

    public AwsServiceErrorException(string message)
        : this("InternalFailure", message, HttpStatusCode.InternalServerError, null)
    {
    }

    public AwsServiceErrorException(string message, Exception innerException)
        : this("InternalFailure", message, HttpStatusCode.InternalServerError, null, innerException)
    {
    }

    /// <summary>The AWS error code, for example <c>ExecutionAlreadyExists</c> or <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the failed request, when the service sent one.</summary>
    public string? RequestId { get; }

    /// <summary>Whether a later attempt of the same request may succeed (throttling and server errors).</summary>
    public bool IsRetryable => AwsErrorCodes.IsRetryable(ErrorCode, StatusCode);
}
