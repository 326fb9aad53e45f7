using System.Globalization;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>Formats a double as Python's repr() does, so responses match the SageMaker container byte for byte.</summary>
internal static class PythonFloat
{
    /// <summary>
    /// Python's repr() writes the shortest round-trip digits (the same digits .NET's "R" picks), positionally when
    /// the decimal exponent is in [-4, 16) and as "d.ddde+XX" otherwise.
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : string.Empty;
        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        var exponent = pointPosition - 1;
        if (exponent is >= -4 and < 16)
        {
            if (pointPosition <= 0)
            {
                return sign + "0." + new string('0', -pointPosition) + digits;
            }

            return pointPosition >= digits.Length
                ? sign + digits + new string('0', pointPosition - digits.Length) + ".0"
                : sign + digits[..pointPosition] + "." + digits[pointPosition..];
        }

        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return FormattableString.Invariant($"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}");
    }

    /// <summary>Formats as Python's json.dumps does (NaN and Infinity spelled as JavaScript literals).</summary>
    public static string FormatJson(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity") : Format(value);

    /// <summary>Returns the significant digits without leading or trailing zeros, and where the decimal point goes.</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = integerPart + (dot < 0 ? string.Empty : mantissa[(dot + 1)..]);
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits[leadingZeros..].TrimEnd('0'), pointPosition - leadingZeros);
    }
}
