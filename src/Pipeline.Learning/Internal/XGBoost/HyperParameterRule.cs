using System.Globalization;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>The kind of value a hyperparameter takes, as the SageMaker XGBoost container validates it.</summary>
internal enum HyperParameterKind
{
    Integer,
    Continuous,
    Categorical,
    CommaSeparatedList,
    Text,
}

/// <summary>
/// An interval in the notation the SageMaker algorithm toolkit prints in its errors: "[0, 1]", "(0, +inf)".
/// </summary>
internal sealed record Interval(double? MinOpen = null, double? MinClosed = null, double? MaxOpen = null, double? MaxClosed = null)
{
    public bool Contains(double value) =>
        !((MinOpen is { } minOpen && value <= minOpen) || (MinClosed is { } minClosed && value < minClosed)
          || (MaxOpen is { } maxOpen && value >= maxOpen) || (MaxClosed is { } maxClosed && value > maxClosed));

    public override string ToString()
    {
        var lower = MinOpen is { } minOpen ? $"({Format(minOpen)}, " : MinClosed is { } minClosed ? $"[{Format(minClosed)}, " : "(-inf, ";
        var upper = MaxOpen is { } maxOpen ? $"{Format(maxOpen)})" : MaxClosed is { } maxClosed ? $"{Format(maxClosed)}]" : "+inf)";
        return lower + upper;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One hyperparameter's name, kind and allowed values.</summary>
internal sealed record HyperParameterRule(string Name, HyperParameterKind Kind, Interval? Range = null, IReadOnlyList<string>? Categories = null)
{
    /// <summary>Checks a value; returns an error message in the container's wording, or null when valid.</summary>
    public string? Validate(string value)
    {
        switch (Kind)
        {
            case HyperParameterKind.Integer:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number))
                {
                    return $"Hyperparameter {Name}: could not parse value '{value}' as an integer.";
                }

                return Range is null || Range.Contains(number) ? null : $"Hyperparameter {Name}: value {value} not in range {Range}";

            case HyperParameterKind.Continuous:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || double.IsNaN(real))
                {
                    return $"Hyperparameter {Name}: could not parse value '{value}' as a number.";
                }

                return Range is null || Range.Contains(real) ? null : $"Hyperparameter {Name}: value {value} not in range {Range}";

            case HyperParameterKind.Categorical:
                return Categories!.Contains(value, StringComparer.Ordinal)
                    ? null
                    : $"Hyperparameter {Name}: {value} is not in [{string.Join(", ", Categories!.Select(category => $"'{category}'"))}]";

            case HyperParameterKind.CommaSeparatedList:
                if (Categories is null)
                {
                    return null;
                }

                var unknown = value.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(item => !Categories.Contains(item, StringComparer.Ordinal));
                return unknown is null
                    ? null
                    : $"Hyperparameter {Name}: {unknown} is not in [{string.Join(", ", Categories.Select(category => $"'{category}'"))}]";

            default:
                return null;
        }
    }
}
