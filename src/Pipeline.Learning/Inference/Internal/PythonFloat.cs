using System.Globalization;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>Formats a double as Python's repr() does, so responses match the SageMaker container byte for byte.</summary>
internal static class PythonFloat
{
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

        // "R" gives the shortest string that round-trips, the same digits Python's repr picks.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is >= -4 and < 16)
        {
            // Python writes these positionally where .NET switched to scientific notation.
            var positional = ((decimal)value).ToString(CultureInfo.InvariantCulture);
            return positional.Contains('.', StringComparison.Ordinal) ? positional : positional + ".0";
        }

        var mantissa = text[..e];
        var sign = exponent < 0 ? "-" : "+";
        return FormattableString.Invariant($"{mantissa}e{sign}{Math.Abs(exponent):00}");
    }

    /// <summary>Formats as Python's json.dumps does (NaN and Infinity spelled as JavaScript literals).</summary>
    public static string FormatJson(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity") : Format(value);
}
