using Cronos;

namespace Pipeline.Local.EventBridge.Internal;

/// <summary>
/// <c>cron(minutes hours day-of-month month day-of-week year)</c> with EventBridge's rules, evaluated by Cronos.
/// </summary>
/// <remarks>
/// EventBridge and Cronos differ in two fields, so the expression is translated:
/// <list type="table">
/// <listheader><term>field</term><description>EventBridge → Cronos</description></listheader>
/// <item><term>day-of-week</term><description>1-7 with 1 = SUN → 0-6 with 0 = SUN; <c>L</c> alone (the last day of the week) → 6 (SAT); names stay.</description></item>
/// <item><term>year</term><description>1970-2199, which Cronos lacks → checked here by <see cref="YearField"/> on each occurrence.</description></item>
/// </list>
/// EventBridge also requires <c>?</c> in exactly one of day-of-month and day-of-week; this is checked before translating.
/// </remarks>
internal sealed class CronSchedule : ScheduleExpression
{
    private const string Syntax = "cron(minutes hours day-of-month month day-of-week year), for example cron(0 6 ? * MON *)";

    private readonly CronExpression _cron;
    private readonly YearField _years;

    private CronSchedule(string text, TimeZoneInfo timeZone, CronExpression cron, YearField years)
        : base(text, timeZone)
    {
        _cron = cron;
        _years = years;
    }

    public static CronSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        var fields = expression["cron(".Length..^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new ScheduleExpressionException(
                $"The schedule expression '{expression}' has {fields.Length} fields; EventBridge cron expressions have 6: {Syntax}.");
        }

        var (minutes, hours, dayOfMonth, month, dayOfWeek, year) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        if ((dayOfMonth == "?") == (dayOfWeek == "?"))
        {
            throw new ScheduleExpressionException(
                $"The schedule expression '{expression}' is invalid: exactly one of day-of-month ('{dayOfMonth}') and day-of-week ('{dayOfWeek}') must be '?'. "
                + "For every day write cron(... * * ? * ...); for Mondays write cron(... ? * MON *).");
        }

        var years = YearField.Parse(year, expression);
        var translated = $"{minutes} {hours} {dayOfMonth} {month} {DayOfWeekField.ToCronos(dayOfWeek, expression)}";
        try
        {
            return new CronSchedule(expression, timeZone, CronExpression.Parse(translated, CronFormat.Standard), years);
        }
        catch (CronFormatException exception)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid ({exception.Message}). Check each field against {Syntax}.", exception);
        }
    }

    public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after, DateTimeOffset start)
    {
        var from = after;
        while (true)
        {
            var next = _cron.GetNextOccurrence(from, TimeZone);
            if (next is null)
            {
                return null;
            }

            var localYear = TimeZoneInfo.ConvertTime(next.Value, TimeZone).Year;
            if (_years.Contains(localYear))
            {
                return next;
            }

            // Jump to the start of the next allowed year instead of visiting every occurrence in between.
            if (_years.NextAfter(localYear) is not { } year)
            {
                return null;
            }

            var newYear = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            from = new DateTimeOffset(newYear, TimeZone.GetUtcOffset(newYear)).AddTicks(-1);
        }
    }
}
