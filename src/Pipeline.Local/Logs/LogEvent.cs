namespace Pipeline.Local.Logs;

/// <summary>One log event as CloudWatch Logs stores it: epoch milliseconds, message and ingestion time.</summary>
public sealed record LogEvent(long Timestamp, string Message, long IngestionTime);

/// <summary>A page of <c>GetLogEvents</c>: the events and the tokens to read forward and backward from it.</summary>
public sealed record LogEventPage(IReadOnlyList<LogEvent> Events, string NextForwardToken, string NextBackwardToken);
