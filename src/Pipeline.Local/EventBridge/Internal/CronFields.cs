using System.Globalization;
using System.Text;

namespace Pipeline.Local.EventBridge.Internal;

/// <summary>The year field of an EventBridge cron expression: 1970-2199 with <c>, - * /</c>.</summary>
internal sealed class YearField
{
    public const int MinYear = 1970;
    public const int MaxYear = 2199;

    private readonly bool[] _allowed = new bool[MaxYear - MinYear + 1];

    private YearField()
    {
    }

    public static YearField Parse(string field, string expression)
    {
        var years = new YearField();
        foreach (var part in field.Split(','))
        {
            var (range, step) = SplitStep(part, field, expression);
            int first;
            int last;
            if (range == "*")
            {
                (first, last) = (MinYear, MaxYear);
            }
            else if (range.Split('-') is [var from, var to])
            {
                (first, last) = (Year(from, field, expression), Year(to, field, expression));
            }
            else
            {
                first = Year(range, field, expression);
                last = part.Contains('/', StringComparison.Ordinal) ? MaxYear : first;
            }

            if (first > last)
            {
                throw new ScheduleExpressionException($"The schedule expression '{expression}' has the year range '{range}', which ends before it starts. Write it as {last}-{first}.");
            }

            for (var year = first; year <= last; year += step)
            {
                years._allowed[year - MinYear] = true;
            }
        }

        return years;
    }

    public bool Contains(int year) => year is >= MinYear and <= MaxYear && _allowed[year - MinYear];

    /// <summary>Returns the first allowed year after <paramref name="year"/>, or null when none is left.</summary>
    public int? NextAfter(int year)
    {
        for (var candidate = Math.Max(year + 1, MinYear); candidate <= MaxYear; candidate++)
        {
            if (_allowed[candidate - MinYear])
            {
                return candidate;
            }
        }

        return null;
    }

    private static (string Range, int Step) SplitStep(string part, string field, string expression)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (part, 1);
        }

        var stepText = part[(slash + 1)..];
        if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
        {
            throw new ScheduleExpressionException($"The schedule expression '{expression}' has the year step '{stepText}' in '{field}'; a step is a whole number of at least 1, as in 2026/2.");
        }

        return (part[..slash], step);
    }

    private static int Year(string text, string field, string expression) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= MinYear and <= MaxYear
            ? year
            : throw new ScheduleExpressionException(
                $"The schedule expression '{expression}' has the year '{text}' in '{field}'; years are {MinYear}-{MaxYear}, or * for every year.");
}

/// <summary>Translates EventBridge's day-of-week field (1-7, 1 = Sunday) to Cronos (0-6, 0 = Sunday).</summary>
internal static class DayOfWeekField
{
    public static string ToCronos(string field, string expression)
    {
        if (field is "?" or "*")
        {
            return field;
        }

        // L alone is the last day of the week, Saturday; "5L" (the last Thursday) keeps its L after translation.
        if (field == "L")
        {
            return "6";
        }

        var result = new StringBuilder(field.Length);
        var position = 0;
        while (position < field.Length)
        {
            var c = field[position];
            if (!char.IsAsciiDigit(c))
            {
                result.Append(c);
                position++;
                continue;
            }

            var end = position;
            while (end < field.Length && char.IsAsciiDigit(field[end]))
            {
                end++;
            }

            var number = field[position..end];

            // The number after '#' is the week of the month and the one after '/' a step, not a day.
            var previous = position == 0 ? '\0' : field[position - 1];
            if (previous is '#' or '/')
            {
                result.Append(number);
            }
            else
            {
                var day = int.Parse(number, CultureInfo.InvariantCulture);
                if (day is < 1 or > 7)
                {
                    throw new ScheduleExpressionException(
                        $"The schedule expression '{expression}' has the day-of-week {number} in '{field}'; EventBridge numbers days 1-7 from Sunday (1 = SUN, 7 = SAT), or use SUN-SAT.");
                }

                result.Append((day - 1).ToString(CultureInfo.InvariantCulture));
            }

            position = end;
        }

        return result.ToString();
    }
}
