using System.Net;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws;

/// <summary>The log messages of the AWS clients (event ids 4000-4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Calling {Service} {Operation} at {Endpoint} (attempt {Attempt})")]
    public static partial void Calling(ILogger logger, string service, string operation, Uri endpoint, int attempt);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "{Service} {Operation} failed with {ErrorCode} (HTTP {StatusCode}, request {RequestId}); retrying in {DelayMs} ms, attempt {Attempt} of {MaxAttempts}")]
    public static partial void RetryingServiceError(ILogger logger, string service, string operation, string errorCode, HttpStatusCode statusCode, string? requestId, long delayMs, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Service} {Operation} could not be sent; retrying in {DelayMs} ms, attempt {Attempt} of {MaxAttempts}")]
    public static partial void RetryingTransportError(ILogger logger, Exception exception, string service, string operation, long delayMs, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Service} {Operation} failed with {ErrorCode} (HTTP {StatusCode}, request {RequestId}): {ErrorMessage}")]
    public static partial void ServiceError(ILogger logger, string service, string operation, string errorCode, HttpStatusCode statusCode, string? requestId, string errorMessage);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Using {CredentialSource} for {Service}")]
    public static partial void UsingCredentials(ILogger logger, string credentialSource, string service);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "{Service} {Operation} failed with {ErrorCode} because the local clock differs from the service's; signing again with a clock offset of {OffsetSeconds} s")]
    public static partial void ClockSkewCorrected(ILogger logger, string service, string operation, string errorCode, long offsetSeconds);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Reading s3://{Bucket}/{Key} from {Endpoint}")]
    public static partial void ReadingObject(ILogger logger, string bucket, string key, string endpoint);
}
