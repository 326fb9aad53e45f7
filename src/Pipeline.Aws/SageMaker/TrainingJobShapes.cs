using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.SageMaker;

/// <summary>The <c>DescribeTrainingJob</c> request.</summary>
public sealed record DescribeTrainingJobRequest
{
    public required string TrainingJobName { get; init; }
}

/// <summary>
/// The <c>DescribeTrainingJob</c> response, with the members the pipeline reads; the others are kept
/// in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed record DescribeTrainingJobResponse
{
    public string? TrainingJobName { get; init; }

    public string? TrainingJobArn { get; init; }

    /// <summary><c>InProgress</c>, <c>Completed</c>, <c>Failed</c>, <c>Stopping</c> or <c>Stopped</c>.</summary>
    public string? TrainingJobStatus { get; init; }

    public string? SecondaryStatus { get; init; }

    public string? FailureReason { get; init; }

    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }

    public ModelArtifacts? ModelArtifacts { get; init; }

    /// <summary>The final value of each metric the algorithm emitted, for example <c>validation:auc</c>.</summary>
    public IReadOnlyList<MetricData>? FinalMetricDataList { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    public DateTimeOffset? TrainingStartTime { get; init; }

    public DateTimeOffset? TrainingEndTime { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The location of a training job's model artifacts.</summary>
public sealed record ModelArtifacts
{
    public string? S3ModelArtifacts { get; init; }
}

/// <summary>One entry of <c>FinalMetricDataList</c>.</summary>
public sealed record MetricData
{
    public required string MetricName { get; init; }

    public double Value { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>The <c>StopTrainingJob</c> request (the response is empty).</summary>
public sealed record StopTrainingJobRequest
{
    public required string TrainingJobName { get; init; }
}

/// <summary>The <c>StopHyperParameterTuningJob</c> request (the response is empty).</summary>
public sealed record StopHyperParameterTuningJobRequest
{
    public required string HyperParameterTuningJobName { get; init; }
}

/// <summary>An empty response body (<c>{}</c>).</summary>
public sealed record EmptyResponse;
