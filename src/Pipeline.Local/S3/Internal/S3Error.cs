using System.Net;

namespace Pipeline.Local.S3;

/// <summary>An S3 REST API error: the <c>Code</c>, <c>Message</c> and HTTP status S3 returns, plus the resource it names.</summary>
internal sealed class S3Error : Exception
{
    public S3Error(HttpStatusCode statusCode, string code, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
    }

    public S3Error()
        : this(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.")
    {
    }

    public S3Error(string message)
        : this(HttpStatusCode.InternalServerError, "InternalError", message)
    {
    }

    public S3Error(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
        Code = "InternalError";
    }

    public HttpStatusCode StatusCode { get; }

    public string Code { get; }

    /// <summary>Extra elements of the error document, such as <c>BucketName</c> or <c>Key</c>.</summary>
    public IReadOnlyList<(string Name, string Value)> Details { get; init; } = [];

    public static S3Error NoSuchBucket(string bucket) =>
        new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist") { Details = [("BucketName", bucket)] };

    public static S3Error NoSuchKey(string key) =>
        new(HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.") { Details = [("Key", key)] };

    public static S3Error NoSuchUpload(string uploadId) =>
        new(HttpStatusCode.NotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
        {
            Details = [("UploadId", uploadId)],
        };

    public static S3Error InvalidArgument(string message, string name, string value) =>
        new(HttpStatusCode.BadRequest, "InvalidArgument", message) { Details = [("ArgumentName", name), ("ArgumentValue", value)] };

    public static S3Error MalformedXml() =>
        new(HttpStatusCode.BadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    public static S3Error NotImplemented(string what) =>
        new(HttpStatusCode.NotImplemented, "NotImplemented", $"A header or query you provided implies functionality that is not implemented: the local S3 API does not support {what}.");
}
