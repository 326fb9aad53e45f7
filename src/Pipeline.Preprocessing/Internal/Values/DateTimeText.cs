using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// Recognizes ISO 8601 dates and times (<c>2001-01-31</c>, <c>2001-01-31 08:15</c>, <c>2001-01-31T08:15:00.5Z</c>,
/// <c>+02:00</c> offsets) and converts them to Unix seconds. A value without an offset is read as UTC.
/// </summary>
/// <remarks>
/// The accepted grammar is <c>YYYY-MM-DD[(T| )HH:MM[:SS[.f{1,9}]]][Z|(+|-)HH:MM]</c>, parsed by hand because this runs
/// for every cell of a date column in both passes. The Glue job accepts the same grammar.
/// </remarks>
internal static class DateTimeText
{
    private const int UnixEpochDayNumber = 719_162;

    public static bool LooksLikeDate(ReadOnlySpan<char> raw) =>
        raw.Length >= 10 && raw[4] == '-' && raw[7] == '-' && char.IsAsciiDigit(raw[0]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseUnixSeconds(ReadOnlySpan<char> raw, out double seconds)
    {
        seconds = 0;
        if (!LooksLikeDate(raw)
            || !TryDigits(raw, 0, 4, out var year) || !TryDigits(raw, 5, 2, out var month) || !TryDigits(raw, 8, 2, out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0, position = 10;
        long fraction = 0, fractionScale = 1;
        if (position < raw.Length && (raw[position] == 'T' || raw[position] == ' '))
        {
            if (raw.Length < position + 6 || raw[position + 3] != ':'
                || !TryDigits(raw, position + 1, 2, out hour) || !TryDigits(raw, position + 4, 2, out minute))
            {
                return false;
            }

            position += 6;
            if (position < raw.Length && raw[position] == ':')
            {
                if (!TryDigits(raw, position + 1, 2, out second))
                {
                    return false;
                }

                position += 3;
                if (position < raw.Length && raw[position] == '.')
                {
                    var start = ++position;
                    while (position < raw.Length && char.IsAsciiDigit(raw[position]) && position - start < 9)
                    {
                        fraction = (fraction * 10) + (raw[position++] - '0');
                        fractionScale *= 10;
                    }

                    if (position == start)
                    {
                        return false;
                    }
                }
            }
        }

        var offsetSeconds = 0;
        if (position < raw.Length && raw[position] == 'Z')
        {
            position++;
        }
        else if (position < raw.Length && (raw[position] == '+' || raw[position] == '-'))
        {
            if (raw.Length != position + 6 || raw[position + 3] != ':'
                || !TryDigits(raw, position + 1, 2, out var offsetHours) || !TryDigits(raw, position + 4, 2, out var offsetMinutes))
            {
                return false;
            }

            offsetSeconds = ((offsetHours * 60) + offsetMinutes) * 60 * (raw[position] == '-' ? -1 : 1);
            position += 6;
        }

        if (position != raw.Length || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var days = (long)new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        var whole = (days * 86_400) + (hour * 3_600) + (minute * 60) + second - offsetSeconds;
        seconds = fraction == 0 ? whole : whole + ((double)fraction / fractionScale);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> raw, int start, int count, out int value)
    {
        value = 0;
        if (start + count > raw.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(raw[i]))
            {
                return false;
            }

            value = (value * 10) + (raw[i] - '0');
        }

        return true;
    }
}
