using System.Globalization;
using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// Recognizes numbers in cell text. The grammar is <c>[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?</c>, with an
/// optional thousands separator between groups of three integer digits and a configurable decimal separator;
/// <c>inf</c> and <c>nan</c> are not numbers (the default missing values cover <c>nan</c>), nor is a value beyond
/// the range of a double, such as <c>1e309</c>.
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

    /// <summary>Whether every number is already in plain form: no thousands separator, and <c>.</c> as the decimal point.</summary>
    public bool IsPlain => _thousands == '\0' && _decimal == '.';

    /// <summary>
    /// Checks <paramref name="raw"/> and returns its plain form (<c>.</c> as decimal point, no thousands separators),
    /// which is <paramref name="raw"/> itself unless a separator had to be rewritten into <paramref name="scratch"/>.
    /// </summary>
    public bool TryNormalize(ReadOnlySpan<char> raw, Span<char> scratch, out ReadOnlySpan<char> normalized) =>
        Scan(raw, scratch, out normalized, out _);

    /// <summary>Checks <paramref name="raw"/> like <see cref="TryNormalize"/> and also returns its value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryParse(ReadOnlySpan<char> raw, out double value)
    {
        // Most numeric cells are short integers: at most 15 digits convert exactly, with no scan for separators.
        // This part is inlined into the callers' loops; the rest is a call.
        if (raw.Length is > 0 and <= 15)
        {
            var negative = raw[0] == '-';
            var start = negative || raw[0] == '+' ? 1 : 0;
            if (start < raw.Length)
            {
                ulong whole = 0;
                var i = start;
                for (; i < raw.Length; i++)
                {
                    var digit = (uint)(raw[i] - '0');
                    if (digit > 9)
                    {
                        break;
                    }

                    whole = (whole * 10) + digit;
                }

                if (i == raw.Length)
                {
                    value = negative ? -(double)whole : whole;
                    return true;
                }

                // Only a decimal or thousands separator or an exponent may follow the leading digits (or start
                // the number after its sign): text such as "LAS" or "2001-01-01" needs no full scan.
                var c = raw[i];
                if (c != _decimal && c != _thousands && (i == start || (c | 0x20) != 'e'))
                {
                    value = 0;
                    return false;
                }
            }
        }

        return TryParseGeneral(raw, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseGeneral(ReadOnlySpan<char> raw, out double value)
    {
        Span<char> scratch = stackalloc char[Math.Min(raw.Length, 128)];
        if (!Scan(raw, scratch, out var normalized, out var fast))
        {
            value = 0;
            return false;
        }

        value = double.IsNaN(fast) ? ParseNormalized(normalized) : fast;
        return true;
    }

    /// <remarks>
    /// Besides checking the grammar, the scan accumulates up to 15 digits as an integer; with a power-of-ten scale of
    /// at most 10^22 that integer divided or multiplied by the exact power is the correctly rounded value (Clinger's
    /// fast path), so most cells skip <see cref="double.Parse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?)"/>.
    /// Otherwise <paramref name="fast"/> is NaN.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Scan(ReadOnlySpan<char> raw, Span<char> scratch, out ReadOnlySpan<char> normalized, out double fast)
    {
        normalized = raw;
        fast = double.NaN;
        ulong mantissa = 0;
        var digits = 0;
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

                mantissa = (mantissa * 10) + (ulong)(c - '0');
                digits++;
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
                mantissa = (mantissa * 10) + (ulong)(raw[i] - '0');
                digits++;
                i++;
            }

            fractionDigits = i - fractionStart;
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return false;
        }

        var exponent = 0;
        if (i < raw.Length && (raw[i] == 'e' || raw[i] == 'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < raw.Length && (raw[i] == '+' || raw[i] == '-'))
            {
                negativeExponent = raw[i] == '-';
                i++;
            }

            var exponentStart = i;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]))
            {
                exponent = Math.Min((exponent * 10) + (raw[i] - '0'), 100_000);
                i++;
            }

            exponent = negativeExponent ? -exponent : exponent;

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

        // A value beyond the range of a double (about 1.8e308) is not a number: it would read as infinity. Below
        // 10^300 no value can be that large, so only longer integer parts or larger exponents are parsed to check.
        if (integerDigits + exponent > 300 && double.IsInfinity(ParseNormalized(normalized)))
        {
            return false;
        }

        var scale = exponent - fractionDigits;
        if (digits <= 15 && scale is >= -22 and <= 22)
        {
            var magnitude = scale < 0 ? mantissa / PowersOfTen[-scale] : mantissa * PowersOfTen[scale];
            fast = raw[0] == '-' ? -magnitude : magnitude;
        }

        return true;
    }

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public bool IsNumber(ReadOnlySpan<char> raw) => TryNormalize(raw, stackalloc char[Math.Min(raw.Length, 256)], out _);

    /// <summary>Parses a value already checked by <see cref="TryNormalize"/>.</summary>
    public static double ParseNormalized(ReadOnlySpan<char> normalized) =>
        double.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats a computed value (a mean, an epoch time) as the shortest text that reads back to the same double:
    /// <c>12.5</c>, <c>3</c>, <c>1E-05</c>. The Glue job formats the same way.
    /// </summary>
    public static string Format(double value) =>
        IsWhole(value)
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats like <see cref="Format"/> into <paramref name="destination"/>, without allocating.</summary>
    public static bool TryFormat(double value, Span<char> destination, out int written) =>
        IsWhole(value)
            ? ((long)value).TryFormat(destination, out written, default, CultureInfo.InvariantCulture)
            : value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);

    /// <summary>Formats like <see cref="Format"/> as UTF-8 into <paramref name="destination"/>.</summary>
    public static bool TryFormatUtf8(double value, Span<byte> destination, out int written) =>
        IsWhole(value)
            ? ((long)value).TryFormat(destination, out written, default, CultureInfo.InvariantCulture)
            : value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);

    private static bool IsWhole(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value));

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
