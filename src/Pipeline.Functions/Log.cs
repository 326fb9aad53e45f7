using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>The log messages of the Lambda handlers (event ids 5000-5999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Skipped s3://{Bucket}/{Key}: {Reason}")]
    public static partial void Skipped(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Started execution {ExecutionArn} for s3://{Bucket}/{Key}")]
    public static partial void Started(ILogger logger, string executionArn, string bucket, string key);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Execution {ExecutionArn} for s3://{Bucket}/{Key} already exists; treating the event as a repeated delivery")]
    public static partial void Duplicate(ILogger logger, string executionArn, string bucket, string key);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Could not start an execution for s3://{Bucket}/{Key}")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string bucket, string key);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Could not start an execution for s3://{Bucket}/{Key}: {Problem}")]
    public static partial void RecordRejected(ILogger logger, string bucket, string key, string problem);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "S3 test event received; nothing to do")]
    public static partial void TestEvent(ILogger logger);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Handled {RecordCount} records: {StartedCount} started, {DuplicateCount} duplicates, {SkippedCount} skipped, {FailedCount} failed")]
    public static partial void Handled(ILogger logger, int recordCount, int startedCount, int duplicateCount, int skippedCount, int failedCount);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Candidate {TrainingJobName}: promote={Promote} ({Reason})")]
    public static partial void Evaluated(ILogger logger, string trainingJobName, bool promote, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Champion of {ModelPackageGroupName} is {ModelPackageArn}")]
    public static partial void ChampionFound(ILogger logger, string modelPackageGroupName, string modelPackageArn);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "No approved model package in {ModelPackageGroupName}")]
    public static partial void NoChampion(ILogger logger, string modelPackageGroupName);
}
