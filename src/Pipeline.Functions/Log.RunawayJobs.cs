using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>The log messages of RunawayJobs (event ids 5020-5029).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Published runaway metrics to {Namespace}: oldest execution {ExecutionAgeSeconds} s, training job {TrainingJobAgeSeconds} s, tuning job {TuningJobAgeSeconds} s ({RunningCount} running)")]
    public static partial void RunawayMeasured(ILogger logger, string @namespace, double executionAgeSeconds, double trainingJobAgeSeconds, double tuningJobAgeSeconds, int runningCount);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Alarm {AlarmName} changed to ALARM ({Reason}); stopping jobs that ran past their limits")]
    public static partial void AlarmReceived(ILogger logger, string alarmName, string reason);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Information, Message = "Alarm {AlarmName} changed to {State}; nothing to stop")]
    public static partial void AlarmIgnored(ILogger logger, string alarmName, string state);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "Stopped {JobKind} {JobId} after {RuntimeSeconds} s, past its limit of {LimitSeconds} s (alarm {AlarmName})")]
    public static partial void JobStopped(ILogger logger, string jobKind, string jobId, double runtimeSeconds, double limitSeconds, string alarmName);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Information, Message = "{JobKind} {JobId} ended before it could be stopped")]
    public static partial void JobAlreadyEnded(ILogger logger, string jobKind, string jobId);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Error, Message = "Could not stop {JobKind} {JobId}")]
    public static partial void StopFailed(ILogger logger, Exception exception, string jobKind, string jobId);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Information, Message = "Alarm {AlarmName} handled: {StoppedCount} stopped, {AlreadyEndedCount} already ended, {FailedCount} failed")]
    public static partial void AlarmHandled(ILogger logger, string alarmName, int stoppedCount, int alreadyEndedCount, int failedCount);
}
