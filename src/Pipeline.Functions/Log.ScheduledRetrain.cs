using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>The log messages of ScheduledRetrain (event ids 5030-5039).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Schedule invocation {ScheduledTime} of {RuleArn} in mode {Mode}")]
    public static partial void ScheduleInvoked(ILogger logger, string scheduledTime, string ruleArn, string mode);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Started execution {ExecutionArn} for s3://{Bucket}/{Key} on schedule {ScheduledTime}")]
    public static partial void ScheduledRunStarted(ILogger logger, string executionArn, string bucket, string key, string scheduledTime);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Information, Message = "Execution {ExecutionArn} for s3://{Bucket}/{Key} already exists; schedule {ScheduledTime} starts nothing new")]
    public static partial void ScheduledRunDuplicate(ILogger logger, string executionArn, string bucket, string key, string scheduledTime);

    [LoggerMessage(EventId = 5033, Level = LogLevel.Information, Message = "Skipped {Key} on schedule: {Reason}")]
    public static partial void ScheduledDatasetSkipped(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 5034, Level = LogLevel.Error, Message = "Could not start a scheduled execution for dataset {Dataset}: {Problem}")]
    public static partial void ScheduledDatasetRejected(ILogger logger, string dataset, string problem);

    [LoggerMessage(EventId = 5035, Level = LogLevel.Error, Message = "Could not start a scheduled execution for dataset {Dataset} on {Key}")]
    public static partial void ScheduledDatasetFailed(ILogger logger, Exception exception, string dataset, string key);

    [LoggerMessage(EventId = 5036, Level = LogLevel.Information, Message = "Schedule {ScheduledTime} handled {DatasetCount} datasets: {StartedCount} started, {DuplicateCount} duplicates, {SkippedCount} skipped, {FailedCount} failed")]
    public static partial void ScheduleHandled(ILogger logger, string scheduledTime, int datasetCount, int startedCount, int duplicateCount, int skippedCount, int failedCount);
}
