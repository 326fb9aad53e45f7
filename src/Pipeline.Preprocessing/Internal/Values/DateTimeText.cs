using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// Recognizes ISO 8601 dates and times (<c>2001-01-31</c>, <c>2001-01-31 08:15</c>, <c>2001-01-31T08:15:00.5Z</c>,
/// <c>+02:00</c> offsets) and converts them to Unix seconds. A value without an offset is read as UTC.
/// </summary>
internal static partial class DateTimeText
{
    public static bool LooksLikeDate(ReadOnlySpan<char> raw) =>
        raw.Length >= 10 && raw[4] == '-' && raw[7] == '-' && char.IsAsciiDigit(raw[0]);

    public static bool TryParseUnixSeconds(ReadOnlySpan<char> raw, out double seconds)
    {
        seconds = 0;
        if (!LooksLikeDate(raw))
        {
            return false;
        }

        var match = IsoPattern().Match(raw.ToString());
        if (!match.Success)
        {
            return false;
        }

        int Group(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Group("y"), Group("mo"), Group("d"));
        var (hour, minute, second) = (Group("h"), Group("mi"), Group("s"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var offsetMinutes = 0;
        if (match.Groups["oh"].Success)
        {
            offsetMinutes = (Group("oh") * 60) + Group("om");
            if (match.Groups["os"].ValueSpan[0] == '-')
            {
                offsetMinutes = -offsetMinutes;
            }
        }

        var whole = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds() - (offsetMinutes * 60L);
        var fraction = match.Groups["f"].Success ? double.Parse("0." + match.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
        seconds = whole + fraction;
        return true;
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?:[T ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,9}))?)?)?(?:Z|(?<os>[+-])(?<oh>\d{2}):(?<om>\d{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();
}
