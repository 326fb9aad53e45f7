using Microsoft.Extensions.Logging;

namespace Pipeline.Local.Glue.Internal;

/// <summary>Log messages of the local Glue service (event ids 6300-6319 of the local runtime's range).</summary>
internal static partial class GlueLog
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Information, Message = "Glue job {JobName} run {JobRunId} started")]
    public static partial void RunStarted(ILogger logger, string jobName, string jobRunId);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Glue job {JobName} run {JobRunId} ended {JobRunState} after {ExecutionTime} s")]
    public static partial void RunEnded(ILogger logger, string jobName, string jobRunId, string jobRunState, long executionTime);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Glue job {JobName} run {JobRunId} failed: {ErrorMessage}")]
    public static partial void RunFailed(ILogger logger, string jobName, string jobRunId, string errorMessage);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Error, Message = "Glue job {JobName} run {JobRunId} crashed")]
    public static partial void RunCrashed(ILogger logger, Exception exception, string jobName, string jobRunId);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Information, Message = "Glue job {JobName} run {JobRunId}: {Phase} {Percent}%")]
    public static partial void RunProgress(ILogger logger, string jobName, string jobRunId, string phase, int percent);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "Glue job {JobName} run {JobRunId} was left {JobRunState} by an earlier process; marking it ERROR")]
    public static partial void RunOrphaned(ILogger logger, string jobName, string jobRunId, string jobRunState);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Warning, Message = "Could not delete the work folder {WorkFolder} of Glue job run {JobRunId}: {Error}")]
    public static partial void WorkFolderNotDeleted(ILogger logger, string workFolder, string jobRunId, string error);
}
