using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local CloudWatch metrics and alarms (event ids 6720-6739).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6720, Level = LogLevel.Debug, Message = "PutMetricData {Namespace}: {Count} data points")]
    public static partial void MetricDataPut(ILogger logger, string @namespace, int count);

    /// <param name="level">Warning for a change to ALARM, Information otherwise.</param>
    [LoggerMessage(EventId = 6721, Message = "Alarm {AlarmName} changed from {PreviousState} to {State}: {Reason}")]
    public static partial void AlarmStateChanged(ILogger logger, LogLevel level, string alarmName, string previousState, string state, string reason);

    [LoggerMessage(EventId = 6722, Level = LogLevel.Information, Message = "Alarm {AlarmName} set to {State} by SetAlarmState: {Reason}")]
    public static partial void AlarmStateSet(ILogger logger, string alarmName, string state, string reason);

    [LoggerMessage(EventId = 6723, Level = LogLevel.Information, Message = "Alarm evaluation started for {AlarmCount} alarms every {IntervalSeconds} s")]
    public static partial void AlarmEvaluationStarted(ILogger logger, int alarmCount, double intervalSeconds);

    [LoggerMessage(EventId = 6724, Level = LogLevel.Information, Message = "Alarm evaluation stopped")]
    public static partial void AlarmEvaluationStopped(ILogger logger);

    [LoggerMessage(EventId = 6725, Level = LogLevel.Error, Message = "Alarm evaluation failed; trying again in {RetrySeconds} s")]
    public static partial void AlarmEvaluationFailed(ILogger logger, Exception exception, double retrySeconds);

    [LoggerMessage(EventId = 6726, Level = LogLevel.Information, Message = "Alarm {AlarmName} {Action} by PutMetricAlarm: {MetricName} of {Namespace}, {ComparisonOperator} {Threshold}")]
    public static partial void AlarmPut(ILogger logger, string alarmName, string action, string metricName, string @namespace, string comparisonOperator, double threshold);

    [LoggerMessage(EventId = 6727, Level = LogLevel.Warning, Message = "Alarm {AlarmName} stored by PutMetricAlarm is skipped: {Reason}")]
    public static partial void StoredAlarmSkipped(ILogger logger, string alarmName, string reason);
}
