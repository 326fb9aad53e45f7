namespace Pipeline.Aws.SageMaker;

/// <summary>The <c>ListTrainingJobs</c> request.</summary>
public sealed record ListTrainingJobsRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public string? NameContains { get; init; }

    /// <summary><c>InProgress</c>, <c>Completed</c>, <c>Failed</c>, <c>Stopping</c> or <c>Stopped</c>.</summary>
    public string? StatusEquals { get; init; }

    /// <summary><c>Name</c>, <c>CreationTime</c> or <c>Status</c>.</summary>
    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }
}

/// <summary>The <c>ListTrainingJobs</c> response.</summary>
public sealed record ListTrainingJobsResponse
{
    public IReadOnlyList<TrainingJobSummary> TrainingJobSummaries { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>TrainingJobSummaries</c>.</summary>
public sealed record TrainingJobSummary
{
    public required string TrainingJobName { get; init; }

    public string? TrainingJobArn { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TrainingEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public string? TrainingJobStatus { get; init; }

    public string? SecondaryStatus { get; init; }
}

/// <summary>The <c>ListHyperParameterTuningJobs</c> request.</summary>
public sealed record ListHyperParameterTuningJobsRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    /// <summary><c>Name</c>, <c>Status</c> or <c>CreationTime</c>.</summary>
    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    /// <summary><c>Completed</c>, <c>InProgress</c>, <c>Failed</c>, <c>Stopped</c>, <c>Stopping</c>, <c>Deleting</c> or <c>DeleteFailed</c>.</summary>
    public string? StatusEquals { get; init; }
}

/// <summary>The <c>ListHyperParameterTuningJobs</c> response.</summary>
public sealed record ListHyperParameterTuningJobsResponse
{
    public IReadOnlyList<HyperParameterTuningJobSummary> HyperParameterTuningJobSummaries { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>HyperParameterTuningJobSummaries</c>.</summary>
public sealed record HyperParameterTuningJobSummary
{
    public required string HyperParameterTuningJobName { get; init; }

    public string? HyperParameterTuningJobArn { get; init; }

    public string? HyperParameterTuningJobStatus { get; init; }

    /// <summary><c>Bayesian</c>, <c>Random</c>, <c>Hyperband</c> or <c>Grid</c>.</summary>
    public string? Strategy { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? HyperParameterTuningEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }
}

/// <summary>Values of <c>TrainingJobStatus</c>.</summary>
public static class TrainingJobStatus
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
}
