using System.Net;

namespace Pipeline.Local.Services;

/// <summary>
/// An error a local service returns in the shape of an AWS JSON-protocol error:
/// an error code such as <c>ValidationException</c>, a message, and the HTTP status.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode = HttpStatusCode.BadRequest)
        : base(message)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public AwsServiceException()
        : this("InternalFailure", "An internal error occurred.", HttpStatusCode.InternalServerError)
    {
    }

    public AwsServiceException(string message)
        : this("InternalFailure", message, HttpStatusCode.InternalServerError)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "InternalFailure";
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>The AWS error code, for example <c>ValidationException</c> or <c>ResourceNotFound</c>.</summary>
    public string ErrorCode { get; }

    public HttpStatusCode StatusCode { get; }

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException NotFound(string errorCode, string message) => new(errorCode, message);
}
