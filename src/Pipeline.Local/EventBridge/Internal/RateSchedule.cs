using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Local.EventBridge.Internal;

/// <summary>
/// <c>rate(value unit)</c>: every <c>value</c> minutes, hours or days, counted from when the schedule began.
/// The unit is singular for a value of 1 and plural otherwise, as EventBridge requires.
/// </summary>
internal sealed partial class RateSchedule : ScheduleExpression
{
    private RateSchedule(string text, TimeSpan interval)
        : base(text, TimeZoneInfo.Utc)
    {
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    public static RateSchedule Parse(string expression)
    {
        var match = RatePattern().Match(expression);
        if (!match.Success)
        {
            throw new ScheduleExpressionException(
                $"The schedule expression '{expression}' is invalid. A rate expression is rate(value unit) with a whole number and minute, minutes, hour, hours, day or days, for example rate(5 minutes).");
        }

        var valueText = match.Groups["value"].Value;
        var unit = match.Groups["unit"].Value;
        if (!long.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid: the value {valueText} must be a whole number of at least 1, for example rate(1 {SingularOf(unit)}).");
        }

        var singular = SingularOf(unit);
        var plural = singular + "s";
        if (value == 1 && unit != singular)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid: a value of 1 takes the singular unit. Write rate(1 {singular}).");
        }

        if (value > 1 && unit != plural)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid: a value above 1 takes the plural unit. Write rate({value} {plural}).");
        }

        var unitLength = singular switch
        {
            "minute" => TimeSpan.FromMinutes(1),
            "hour" => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        if (value > TimeSpan.MaxValue.Ticks / unitLength.Ticks / 2)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' is invalid: the interval is too long. Use a shorter interval.");
        }

        return new RateSchedule(expression, unitLength * value);
    }

    public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after, DateTimeOffset start)
    {
        if (after < start)
        {
            return start + Interval;
        }

        var elapsedIntervals = (after - start).Ticks / Interval.Ticks;
        return start + (Interval * (elapsedIntervals + 1));
    }

    private static string SingularOf(string unit) => unit.TrimEnd('s');

    [GeneratedRegex(@"^rate\(\s*(?<value>\S+)\s+(?<unit>minute|minutes|hour|hours|day|days)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();
}
