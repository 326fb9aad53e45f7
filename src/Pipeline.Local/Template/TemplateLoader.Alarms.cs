using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Template;

/// <summary>Loading <c>AWS::CloudWatch::Alarm</c> resources.</summary>
internal sealed partial class TemplateLoader
{
    internal static readonly string[] Statistics = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
    internal static readonly string[] ComparisonOperators = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
    internal static readonly string[] MissingDataTreatments = ["breaching", "notBreaching", "ignore", "missing"];

    private AlarmResource LoadAlarm(string logicalId)
    {
        var properties = Properties(logicalId);
        var location = $"{logicalId}/Properties";
        foreach (var unsupported in new[] { "Metrics", "ExtendedStatistic", "ThresholdMetricId", "EvaluateLowSampleCountPercentile" })
        {
            if (properties.ContainsKey(unsupported))
            {
                throw new TemplateException($"The alarm {logicalId} sets {unsupported}, which the local runtime does not evaluate. Use Namespace, MetricName, Statistic and Threshold.");
            }
        }

        var name = _resolver.PhysicalId(logicalId);
        var evaluationPeriods = ReadInt(properties, "EvaluationPeriods", location, required: true, minimum: 1)!.Value;
        var datapoints = ReadInt(properties, "DatapointsToAlarm", location, required: false, minimum: 1) ?? evaluationPeriods;
        if (datapoints > evaluationPeriods)
        {
            throw new TemplateException($"The DatapointsToAlarm {datapoints} of {location} is larger than EvaluationPeriods {evaluationPeriods}. Set it to at most {evaluationPeriods}.");
        }

        var period = ReadInt(properties, "Period", location, required: true, minimum: 10)!.Value;
        if (!CloudWatch.AlarmEvaluator.IsValidPeriod(period))
        {
            throw new TemplateException($"The Period {period} of {location} is invalid. Use 10, 20, 30 or a multiple of 60 seconds.");
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in _resolver.Resolve(properties["Dimensions"], $"{location}/Dimensions") as JsonArray ?? [])
        {
            var dimensionName = dimension?["Name"] is { } n ? ScalarText(n) : throw new TemplateException($"A dimension of {location} has no Name.");
            dimensions[dimensionName] = dimension["Value"] is { } v ? ScalarText(v) : throw new TemplateException($"The dimension {dimensionName} of {location} has no Value.");
        }

        return new AlarmResource(
            logicalId,
            name,
            _resolver.Arn(logicalId),
            _resolver.ResolveString(properties["AlarmDescription"], $"{location}/AlarmDescription"),
            RequiredString(properties, "Namespace", location),
            RequiredString(properties, "MetricName", location),
            dimensions,
            OneOf(properties, "Statistic", location, Statistics, fallback: null),
            period,
            evaluationPeriods,
            datapoints,
            ReadDouble(properties, "Threshold", location),
            OneOf(properties, "ComparisonOperator", location, ComparisonOperators, fallback: null),
            OneOf(properties, "TreatMissingData", location, MissingDataTreatments, fallback: "missing"),
            _resolver.ResolveString(properties["ActionsEnabled"], $"{location}/ActionsEnabled") is not { } actions || !actions.Equals("false", StringComparison.OrdinalIgnoreCase));
    }

    private string RequiredString(JsonObject properties, string member, string location) =>
        _resolver.ResolveString(properties[member], $"{location}/{member}")
        ?? throw new TemplateException($"{location} has no {member}. Set it; the local runtime evaluates single-metric alarms.");

    private string OneOf(JsonObject properties, string member, string location, string[] allowed, string? fallback)
    {
        var value = _resolver.ResolveString(properties[member], $"{location}/{member}") ?? fallback
            ?? throw new TemplateException($"{location} has no {member}. Set it to one of {string.Join(", ", allowed)}.");
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new TemplateException($"The {member} '{value}' of {location} is invalid or not supported locally. Use one of {string.Join(", ", allowed)}.");
    }

    private int? ReadInt(JsonObject properties, string member, string location, bool required, int minimum)
    {
        var text = _resolver.ResolveString(properties[member], $"{location}/{member}");
        if (text is null)
        {
            return required ? throw new TemplateException($"{location} has no {member}. Set it to a whole number of at least {minimum}.") : null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new TemplateException($"The {member} '{text}' of {location} is invalid. Set it to a whole number of at least {minimum}.");
    }

    private double ReadDouble(JsonObject properties, string member, string location)
    {
        var text = _resolver.ResolveString(properties[member], $"{location}/{member}")
            ?? throw new TemplateException($"{location} has no {member}. Set it to a number.");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new TemplateException($"The {member} '{text}' of {location} is not a number.");
    }
}
