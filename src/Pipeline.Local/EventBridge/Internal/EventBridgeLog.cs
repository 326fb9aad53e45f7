using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local EventBridge schedules and rules (event ids 6700-6719).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6700, Level = LogLevel.Information, Message = "Schedule {ScheduleName} ({Expression}) fires for {ScheduledTime:u} -> {TargetKind} {TargetName}")]
    public static partial void ScheduleFiring(ILogger logger, string scheduleName, string expression, DateTimeOffset scheduledTime, string targetKind, string targetName);

    [LoggerMessage(EventId = 6701, Level = LogLevel.Information, Message = "Schedule {ScheduleName} next fires at {NextTime:u}")]
    public static partial void ScheduleNext(ILogger logger, string scheduleName, DateTimeOffset nextTime);

    [LoggerMessage(EventId = 6702, Level = LogLevel.Information, Message = "Schedule {ScheduleName} missed {MissedTime:u} while no scheduler ran; firing once now")]
    public static partial void ScheduleMissed(ILogger logger, string scheduleName, DateTimeOffset missedTime);

    [LoggerMessage(EventId = 6703, Level = LogLevel.Information, Message = "Schedule {ScheduleName} is disabled; it does not fire")]
    public static partial void ScheduleDisabled(ILogger logger, string scheduleName);

    [LoggerMessage(EventId = 6704, Level = LogLevel.Information, Message = "Scheduler started with {EnabledCount} enabled schedules")]
    public static partial void SchedulerStarted(ILogger logger, int enabledCount);

    [LoggerMessage(EventId = 6705, Level = LogLevel.Information, Message = "Scheduler stopped")]
    public static partial void SchedulerStopped(ILogger logger);

    [LoggerMessage(EventId = 6706, Level = LogLevel.Error, Message = "Scheduler tick failed; trying again in {RetrySeconds} s")]
    public static partial void SchedulerTickFailed(ILogger logger, Exception exception, int retrySeconds);

    [LoggerMessage(EventId = 6710, Level = LogLevel.Information, Message = "Event {DetailType} from {Source} (event {EventId}) matches rule {RuleName} -> {TargetKind} {TargetName}")]
    public static partial void RuleMatched(ILogger logger, string detailType, string source, string eventId, string ruleName, string targetKind, string targetName);

    [LoggerMessage(EventId = 6711, Level = LogLevel.Information, Message = "Event {DetailType} from {Source} (event {EventId}) matches no enabled rule")]
    public static partial void EventUnmatched(ILogger logger, string detailType, string source, string eventId);

    [LoggerMessage(EventId = 6712, Level = LogLevel.Warning, Message = "Function {FunctionName} failed on {Trigger} (attempt {Attempt} of {MaxAttempts}); the invocation's error is logged above")]
    public static partial void TargetInvocationFailed(ILogger logger, string functionName, string trigger, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 6713, Level = LogLevel.Warning, Message = "StartExecution of {StateMachineArn} for {Trigger} failed with {ErrorCode}: {Message}")]
    public static partial void TargetExecutionFailed(ILogger logger, string stateMachineArn, string trigger, string errorCode, string message);

    [LoggerMessage(EventId = 6714, Level = LogLevel.Information, Message = "{Trigger} started execution {ExecutionArn}")]
    public static partial void TargetExecutionStarted(ILogger logger, string trigger, string executionArn);
}
