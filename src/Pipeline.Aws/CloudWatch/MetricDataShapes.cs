namespace Pipeline.Aws.CloudWatch;

// Shapes of the CloudWatch metrics API in its JSON protocol (PascalCase members, timestamps as epoch seconds).

/// <summary>The <c>PutMetricData</c> request.</summary>
public sealed record PutMetricDataRequest
{
    /// <summary>The namespace of the metrics; custom namespaces must not start with <c>AWS/</c>.</summary>
    public required string Namespace { get; init; }

    /// <summary>The data points, at most 1,000 per request.</summary>
    public required IReadOnlyList<MetricDatum> MetricData { get; init; }
}

/// <summary>One data point of <c>PutMetricData</c>.</summary>
public sealed record MetricDatum
{
    public required string MetricName { get; init; }

    public IReadOnlyList<Dimension>? Dimensions { get; init; }

    /// <summary>The time of the data point; CloudWatch uses the time it receives the request when this is null.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public double? Value { get; init; }

    /// <summary>A <see cref="StandardUnit"/> value.</summary>
    public string? Unit { get; init; }
}

/// <summary>A name/value pair that is part of a metric's identity.</summary>
public sealed record Dimension
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}

/// <summary>The CloudWatch units the pipeline publishes.</summary>
public static class StandardUnit
{
    public const string Seconds = "Seconds";
    public const string Count = "Count";
    public const string None = "None";
}
