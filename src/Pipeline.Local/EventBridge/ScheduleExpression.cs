using Pipeline.Local.EventBridge.Internal;

namespace Pipeline.Local.EventBridge;

/// <summary>
/// An EventBridge schedule expression: <c>rate(value unit)</c>, <c>cron(minutes hours day-of-month month day-of-week year)</c>,
/// or, for EventBridge Scheduler only, the one-time <c>at(yyyy-mm-ddThh:mm:ss)</c>.
/// </summary>
public abstract class ScheduleExpression
{
    private protected ScheduleExpression(string text, TimeZoneInfo timeZone)
    {
        Text = text;
        TimeZone = timeZone;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The time zone that cron and at expressions are read in; UTC for scheduled rules.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// Parses an expression. Scheduled rules (<c>Schedule</c> events) take rate and cron expressions in UTC;
    /// EventBridge Scheduler (<c>ScheduleV2</c>) also takes <c>at(...)</c> and a time zone.
    /// </summary>
    /// <param name="timeZoneId">An IANA time zone name such as <c>Europe/Berlin</c>; null means UTC.</param>
    /// <param name="allowOneTime">Whether <c>at(...)</c> is accepted (EventBridge Scheduler only).</param>
    /// <exception cref="ScheduleExpressionException">The expression or the time zone is invalid; the message names it and the fix.</exception>
    public static ScheduleExpression Parse(string text, string? timeZoneId = null, bool allowOneTime = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expression = text.Trim();
        var timeZone = ResolveTimeZone(timeZoneId, expression);
        if (expression.StartsWith("rate(", StringComparison.Ordinal) && expression.EndsWith(')'))
        {
            return RateSchedule.Parse(expression);
        }

        if (expression.StartsWith("cron(", StringComparison.Ordinal) && expression.EndsWith(')'))
        {
            return CronSchedule.Parse(expression, timeZone);
        }

        if (expression.StartsWith("at(", StringComparison.Ordinal) && expression.EndsWith(')'))
        {
            return allowOneTime
                ? OneTimeSchedule.Parse(expression, timeZone)
                : throw new ScheduleExpressionException(
                    $"The schedule expression '{expression}' is a one-time at() expression, which only EventBridge Scheduler (a ScheduleV2 event) accepts. Use a ScheduleV2 event, or a rate() or cron() expression.");
        }

        throw new ScheduleExpressionException(
            $"The schedule expression '{text}' is invalid. Write rate(value unit), for example rate(7 days), or cron(minutes hours day-of-month month day-of-week year), for example cron(0 6 ? * MON *).");
    }

    /// <summary>
    /// Returns the first occurrence strictly after <paramref name="after"/>, or null when there is none.
    /// </summary>
    /// <param name="start">When the schedule began; rate expressions count their intervals from it.</param>
    public abstract DateTimeOffset? GetNextOccurrence(DateTimeOffset after, DateTimeOffset start);

    public override string ToString() => Text;

    private static TimeZoneInfo ResolveTimeZone(string? timeZoneId, string expression)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId) || timeZoneId == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ScheduleExpressionException(
                $"The time zone '{timeZoneId}' of schedule expression '{expression}' is not a known IANA time zone. Use a name such as UTC or Europe/Berlin.",
                exception);
        }
    }
}
