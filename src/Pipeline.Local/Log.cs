using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>The log messages of the local runtime (event ids 6000-6999).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Invoking function {FunctionName} (request {RequestId})")]
    public static partial void FunctionInvoking(ILogger logger, string functionName, string requestId);

    [LoggerMessage(6001, LogLevel.Information, "Function {FunctionName} returned (request {RequestId}) in {ElapsedMilliseconds} ms")]
    public static partial void FunctionInvoked(ILogger logger, string functionName, string requestId, long elapsedMilliseconds);

    [LoggerMessage(6002, LogLevel.Warning, "Function {FunctionName} failed (request {RequestId}): {ErrorType}: {ErrorMessage}")]
    public static partial void FunctionFailed(ILogger logger, string functionName, string requestId, string errorType, string errorMessage);

    [LoggerMessage(6003, LogLevel.Warning, "Function {FunctionName} timed out after {TimeoutSeconds} s (request {RequestId})")]
    public static partial void FunctionTimedOut(ILogger logger, string functionName, string requestId, int timeoutSeconds);

    [LoggerMessage(6010, LogLevel.Information, "Execution {ExecutionArn} started")]
    public static partial void ExecutionStarted(ILogger logger, string executionArn);

    [LoggerMessage(6011, LogLevel.Information, "Execution {ExecutionArn} ended with status {Status}")]
    public static partial void ExecutionEnded(ILogger logger, string executionArn, string status);

    [LoggerMessage(6012, LogLevel.Error, "Execution {ExecutionArn} crashed in the local interpreter")]
    public static partial void ExecutionCrashed(ILogger logger, Exception exception, string executionArn);

    [LoggerMessage(6013, LogLevel.Information, "StartExecution for existing name {ExecutionName}: returning {ExecutionArn}")]
    public static partial void ExecutionDuplicate(ILogger logger, string executionName, string executionArn);

    [LoggerMessage(6019, LogLevel.Information, "Redriving execution {ExecutionArn}, which ended {Status}")]
    public static partial void ExecutionRedriving(ILogger logger, string executionArn, string status);

    [LoggerMessage(6020, LogLevel.Information, "Task {StateName} of {ExecutionArn} calls {Resource}")]
    public static partial void TaskInvoking(ILogger logger, string stateName, string executionArn, string resource);

    [LoggerMessage(6030, LogLevel.Information, "{EventName} s3://{Bucket}/{Key} -> function {FunctionName}")]
    public static partial void S3EventRouted(ILogger logger, string eventName, string bucket, string key, string functionName);

    [LoggerMessage(6031, LogLevel.Warning, "Function {FunctionName} failed on the event for s3://{Bucket}/{Key} (attempt {Attempt} of {MaxAttempts}); the invocation's error is logged above")]
    public static partial void S3EventDeliveryFailed(ILogger logger, string functionName, string bucket, string key, int attempt, int maxAttempts);

    [LoggerMessage(6040, LogLevel.Information, "Local runtime listening on {Url}")]
    public static partial void HostListening(ILogger logger, string url);

    [LoggerMessage(6041, LogLevel.Warning, "{Target} failed with {ErrorCode}: {Message}")]
    public static partial void ServiceRequestFailed(ILogger logger, string target, string errorCode, string message);

    [LoggerMessage(6042, LogLevel.Error, "{Target} crashed")]
    public static partial void ServiceRequestCrashed(ILogger logger, Exception exception, string target);
}
