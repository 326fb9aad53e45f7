using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local S3 REST API (event ids 6550-6569).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6550, Level = LogLevel.Error, Message = "S3 request {Method} {Path} failed")]
    public static partial void S3RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 6551, Level = LogLevel.Debug, Message = "S3 request {Method} {Path} returned {Code}: {ErrorMessage}")]
    public static partial void S3RequestRejected(ILogger logger, string method, string path, string code, string errorMessage);

    [LoggerMessage(EventId = 6552, Level = LogLevel.Warning, Message = "Removing the parts of multipart upload {UploadId} failed")]
    public static partial void S3MultipartCleanupFailed(ILogger logger, Exception exception, string uploadId);
}
