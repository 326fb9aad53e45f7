using System.Globalization;

namespace Pipeline.Local.EventBridge.Internal;

/// <summary><c>at(yyyy-mm-ddThh:mm:ss)</c>: one invocation at a local time of the schedule's time zone (EventBridge Scheduler only).</summary>
internal sealed class OneTimeSchedule : ScheduleExpression
{
    private readonly DateTimeOffset _time;

    private OneTimeSchedule(string text, TimeZoneInfo timeZone, DateTimeOffset time)
        : base(text, timeZone)
    {
        _time = time;
    }

    public static OneTimeSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        var body = expression["at(".Length..^1].Trim();
        if (!DateTime.TryParseExact(body, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid. Write the time as at(yyyy-mm-ddThh:mm:ss), for example at(2026-12-24T18:00:00).");
        }

        var offset = timeZone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        return new OneTimeSchedule(expression, timeZone, new DateTimeOffset(local, offset));
    }

    public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after, DateTimeOffset start) => _time > after ? _time : null;
}
