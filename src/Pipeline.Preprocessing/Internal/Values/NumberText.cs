using System.Globalization;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// Recognizes numbers in cell text. The grammar is <c>[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?</c>, with an
/// optional thousands separator between groups of three integer digits and a configurable decimal separator;
/// <c>inf</c> and <c>nan</c> are not numbers (the default missing values cover <c>nan</c>).
/// </summary>
internal sealed class NumberText
{
    private readonly char _thousands;
    private readonly char _decimal;

    public NumberText(char? thousandsSeparator, char decimalSeparator)
    {
        _thousands = thousandsSeparator ?? '\0';
        _decimal = decimalSeparator;
    }

    /// <summary>
    /// Checks <paramref name="raw"/> and returns its plain form (<c>.</c> as decimal point, no thousands separators),
    /// which is <paramref name="raw"/> itself unless a separator had to be rewritten into <paramref name="scratch"/>.
    /// </summary>
    public bool TryNormalize(ReadOnlySpan<char> raw, Span<char> scratch, out ReadOnlySpan<char> normalized)
    {
        normalized = raw;
        var i = 0;
        if (i < raw.Length && (raw[i] == '+' || raw[i] == '-'))
        {
            i++;
        }

        var integerStart = i;
        var rewrite = false;
        var groupDigits = -1;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (char.IsAsciiDigit(c))
            {
                if (groupDigits >= 0)
                {
                    groupDigits++;
                }

                i++;
            }
            else if (c == _thousands && _thousands != '\0' && i > integerStart && (groupDigits == -1 ? i - integerStart <= 3 : groupDigits == 3))
            {
                groupDigits = 0;
                rewrite = true;
                i++;
            }
            else
            {
                break;
            }
        }

        if (groupDigits >= 0 && groupDigits != 3)
        {
            return false;
        }

        var integerDigits = i - integerStart;
        var fractionDigits = 0;
        if (i < raw.Length && raw[i] == _decimal)
        {
            rewrite |= _decimal != '.';
            i++;
            var fractionStart = i;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]))
            {
                i++;
            }

            fractionDigits = i - fractionStart;
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return false;
        }

        if (i < raw.Length && (raw[i] == 'e' || raw[i] == 'E'))
        {
            i++;
            if (i < raw.Length && (raw[i] == '+' || raw[i] == '-'))
            {
                i++;
            }

            var exponentStart = i;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]))
            {
                i++;
            }

            if (i == exponentStart)
            {
                return false;
            }
        }

        if (i != raw.Length)
        {
            return false;
        }

        if (rewrite)
        {
            normalized = Rewrite(raw, scratch);
        }

        return true;
    }

    public bool IsNumber(ReadOnlySpan<char> raw) => TryNormalize(raw, stackalloc char[Math.Min(raw.Length, 256)], out _);

    /// <summary>Parses a value already checked by <see cref="TryNormalize"/>.</summary>
    public static double ParseNormalized(ReadOnlySpan<char> normalized) =>
        double.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats a computed value (a mean, an epoch time) as the shortest text that reads back to the same double:
    /// <c>12.5</c>, <c>3</c>, <c>1E-05</c>. The Glue job formats the same way.
    /// </summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private ReadOnlySpan<char> Rewrite(ReadOnlySpan<char> raw, Span<char> scratch)
    {
        var buffer = scratch.Length >= raw.Length ? scratch : new char[raw.Length];
        var length = 0;
        foreach (var c in raw)
        {
            if (c == _thousands)
            {
                continue;
            }

            buffer[length++] = c == _decimal ? '.' : c;
        }

        return buffer[..length];
    }
}
