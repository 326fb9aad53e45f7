using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Services;
using static Pipeline.Local.CloudWatch.Internal.CloudWatchRequest;
using Pipeline.Local.Template;

namespace Pipeline.Local.CloudWatch;

/// <summary>One CloudWatch data point: the metric's identity (namespace, name, dimensions), a time and a value.</summary>
public sealed record MetricDatapoint(string Namespace, string MetricName, IReadOnlyDictionary<string, string> Dimensions, DateTimeOffset Timestamp, double Value, string? Unit);

/// <summary>
/// The local CloudWatch metrics: <c>PutMetricData</c> (service <c>monitoring</c>) keeps data points in memory
/// for <see cref="Retention"/>, long enough for the local alarms to evaluate them.
/// </summary>
public sealed class LocalMetricStore
{
    /// <summary>The most data points one PutMetricData request may carry.</summary>
    public const int MaxDatapointsPerRequest = 1000;

    private readonly List<MetricDatapoint> _points = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="retention">How long data points are kept; the local alarms only read the last few periods.</param>
    public LocalMetricStore(TimeProvider timeProvider, ILoggerFactory loggerFactory, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<LocalMetricStore>();
        Retention = retention;
    }

    public TimeSpan Retention { get; }

    /// <summary>Adds <c>PutMetricData</c> and <c>GetMetricStatistics</c> to <paramref name="registry"/> under the signing name <c>monitoring</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("monitoring", "PutMetricData", (request, _) =>
        {
            PutMetricData(request);
            return Task.FromResult(new JsonObject());
        });
        registry.Register("monitoring", "GetMetricStatistics", (request, _) => Task.FromResult(GetMetricStatistics(request)));
    }

    /// <summary>Stores the data points of a <c>PutMetricData</c> request; invalid members raise CloudWatch's <c>InvalidParameterValue</c>.</summary>
    public void PutMetricData(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metricNamespace = request["Namespace"] is JsonValue ns && ns.GetValueKind() == JsonValueKind.String ? ns.GetValue<string>() : null;
        if (string.IsNullOrEmpty(metricNamespace) || metricNamespace.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw new AwsServiceException("InvalidParameterValue", $"The value {metricNamespace ?? "null"} for parameter Namespace is invalid: it is missing or starts with the reserved prefix AWS/.");
        }

        if (request["MetricData"] is not JsonArray { Count: > 0 and <= MaxDatapointsPerRequest } data)
        {
            throw new AwsServiceException("InvalidParameterValue", $"The parameter MetricData must hold 1 to {MaxDatapointsPerRequest} data points.");
        }

        var now = _timeProvider.GetUtcNow();
        var points = data.Select((datum, index) => ReadDatum(datum as JsonObject, metricNamespace, index, now)).ToList();
        lock (_gate)
        {
            _points.RemoveAll(point => point.Timestamp < now - Retention);
            _points.AddRange(points);
        }

        Log.MetricDataPut(_logger, metricNamespace, points.Count);
    }

    /// <summary>
    /// Stores data points that the local services publish themselves, such as the <c>AWS/SageMaker</c> invocation
    /// metrics of endpoints, at the current time; the reserved <c>AWS/</c> namespaces are open to them.
    /// </summary>
    public void Record(string metricNamespace, IReadOnlyDictionary<string, string> dimensions, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricNamespace);
        ArgumentNullException.ThrowIfNull(dimensions);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            _points.RemoveAll(point => point.Timestamp < now - Retention);
            foreach (var (name, value, unit) in metrics)
            {
                _points.Add(new MetricDatapoint(metricNamespace, name, dimensions, now, value, unit));
            }
        }
    }

    /// <summary>
    /// Returns the result of <c>GetMetricStatistics</c>: the requested statistics of one metric (same namespace, name and dimensions)
    /// for each period between <c>StartTime</c> and <c>EndTime</c> that has data, oldest first. Periods start on
    /// multiples of <c>Period</c> since the epoch, as the alarms read them.
    /// </summary>
    public JsonObject GetMetricStatistics(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metricNamespace = RequiredText(request, "Namespace");
        var metricName = RequiredText(request, "MetricName");
        var start = OptionalTimestamp(request["StartTime"], "StartTime") ?? throw Missing("StartTime");
        var end = OptionalTimestamp(request["EndTime"], "EndTime") ?? throw Missing("EndTime");
        if (start >= end)
        {
            throw new AwsServiceException("InvalidParameterValue", "The parameter StartTime must be earlier than EndTime.");
        }

        if (request["Period"] is not JsonValue periodNode || periodNode.GetValueKind() != JsonValueKind.Number
            || !int.TryParse(periodNode.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (seconds is not (1 or 5 or 10 or 30) && (seconds == 0 || seconds % 60 != 0)))
        {
            throw new AwsServiceException("InvalidParameterValue", $"The parameter Period {request["Period"]?.ToJsonString() ?? "(missing)"} is invalid. Use 1, 5, 10, 30 or a multiple of 60 seconds.");
        }

        var statistics = (request["Statistics"] as JsonArray ?? []).Select(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "").ToList();
        if (statistics.Count == 0 || statistics.Any(statistic => !TemplateLoader.Statistics.Contains(statistic, StringComparer.Ordinal)))
        {
            throw new AwsServiceException("InvalidParameterValue", $"The parameter Statistics must list one or more of {string.Join(", ", TemplateLoader.Statistics)}; extended statistics are not supported locally.");
        }

        var period = TimeSpan.FromSeconds(seconds);
        if ((end - start) / period > 1440)
        {
            throw new AwsServiceException("InvalidParameterCombination", $"The request asks for more than 1440 data points ({(end - start).TotalSeconds:0} s in periods of {seconds} s). Use a longer Period or a shorter time range.");
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in request["Dimensions"] as JsonArray ?? [])
        {
            dimensions[RequiredText(dimension as JsonObject ?? [], "Name")] = RequiredText(dimension as JsonObject ?? [], "Value");
        }

        var unit = request["Unit"] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw new AwsServiceException("InvalidParameterValue", "The parameter Unit must be a string such as Count or Seconds."),
        };
        var datapoints = new JsonArray();
        var points = Query(metricNamespace, metricName, dimensions, start, end).Where(point => unit is null || (point.Unit ?? "None") == unit);
        foreach (var group in points.GroupBy(point => AlarmEvaluator.PeriodStart(point.Timestamp, period)).OrderBy(group => group.Key))
        {
            var values = group.Select(point => point.Value).ToList();
            var datapoint = new JsonObject { ["Timestamp"] = group.Key.ToUnixTimeSeconds() };
            foreach (var statistic in statistics)
            {
                datapoint[statistic] = AlarmEvaluator.Statistic(statistic, values);
            }

            datapoint["Unit"] = unit ?? group.First().Unit ?? "None";
            datapoints.Add(datapoint);
        }

        return new JsonObject { ["Label"] = metricName, ["Datapoints"] = datapoints };
    }

    /// <summary>Returns the data points of one metric (same namespace, name and dimensions) with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>.</summary>
    public IReadOnlyList<MetricDatapoint> Query(string metricNamespace, string metricName, IReadOnlyDictionary<string, string> dimensions, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return _points
                .Where(point => point.Namespace == metricNamespace && point.MetricName == metricName && point.Timestamp >= from && point.Timestamp < to && SameDimensions(point.Dimensions, dimensions))
                .ToList();
        }
    }

    private static MetricDatapoint ReadDatum(JsonObject? datum, string metricNamespace, int index, DateTimeOffset now)
    {
        var member = $"MetricData.member.{index + 1}";
        var name = datum?["MetricName"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        if (string.IsNullOrEmpty(name))
        {
            throw new AwsServiceException("MissingParameter", $"The parameter {member}.MetricName is required.");
        }

        if (datum!["Value"] is not JsonValue valueNode || valueNode.GetValueKind() != JsonValueKind.Number)
        {
            throw new AwsServiceException("InvalidParameterValue", $"The parameter {member}.Value is missing or not a number; the local runtime stores single values, not Values or StatisticValues.");
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in datum["Dimensions"] as JsonArray ?? [])
        {
            if (dimension?["Name"]?.GetValue<string>() is { } dimensionName && dimension["Value"]?.GetValue<string>() is { } dimensionValue)
            {
                dimensions[dimensionName] = dimensionValue;
            }
        }

        return new MetricDatapoint(metricNamespace, name, dimensions, OptionalTimestamp(datum["Timestamp"], member + ".Timestamp") ?? now, valueNode.GetValue<double>(), (string?)datum["Unit"]);
    }

    private static bool SameDimensions(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
