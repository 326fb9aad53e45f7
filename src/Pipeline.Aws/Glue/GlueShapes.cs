namespace Pipeline.Aws.Glue;

// Shapes of the AWS Glue job run API (PascalCase members on the wire).

/// <summary>The <c>StartJobRun</c> request.</summary>
public sealed record StartJobRunRequest
{
    public required string JobName { get; init; }

    /// <summary>The id of a previous run to retry, or null for a new run.</summary>
    public string? JobRunId { get; init; }

    /// <summary>Job arguments; names start with <c>--</c>, for example <c>--input_uri</c>.</summary>
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }

    /// <summary>The run's timeout in minutes.</summary>
    public int? Timeout { get; init; }

    public double? MaxCapacity { get; init; }

    /// <summary><c>Standard</c>, <c>G.1X</c>, <c>G.2X</c>, ...</summary>
    public string? WorkerType { get; init; }

    public int? NumberOfWorkers { get; init; }

    /// <summary><c>FLEX</c> or <c>STANDARD</c>.</summary>
    public string? ExecutionClass { get; init; }
}

/// <summary>The <c>StartJobRun</c> response.</summary>
public sealed record StartJobRunResponse
{
    public required string JobRunId { get; init; }
}

/// <summary>The <c>GetJobRun</c> request.</summary>
public sealed record GetJobRunRequest
{
    public required string JobName { get; init; }

    public required string RunId { get; init; }

    public bool? PredecessorsIncluded { get; init; }
}

/// <summary>The <c>GetJobRun</c> response.</summary>
public sealed record GetJobRunResponse
{
    public JobRun? JobRun { get; init; }
}

/// <summary>The <c>GetJobRuns</c> request: the runs of one job, newest first.</summary>
public sealed record GetJobRunsRequest
{
    public required string JobName { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

/// <summary>The <c>GetJobRuns</c> response.</summary>
public sealed record GetJobRunsResponse
{
    public IReadOnlyList<JobRun> JobRuns { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One run of a Glue job.</summary>
public sealed record JobRun
{
    public required string Id { get; init; }

    public int? Attempt { get; init; }

    public string? PreviousRunId { get; init; }

    public string? JobName { get; init; }

    public DateTimeOffset? StartedOn { get; init; }

    public DateTimeOffset? LastModifiedOn { get; init; }

    public DateTimeOffset? CompletedOn { get; init; }

    /// <summary>A <see cref="JobRunState"/> value.</summary>
    public required string JobRunState { get; init; }

    public IReadOnlyDictionary<string, string>? Arguments { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The run time in seconds.</summary>
    public int? ExecutionTime { get; init; }

    /// <summary>The timeout in minutes.</summary>
    public int? Timeout { get; init; }

    public string? WorkerType { get; init; }

    public int? NumberOfWorkers { get; init; }

    public string? LogGroupName { get; init; }

    public string? GlueVersion { get; init; }
}

/// <summary>Values of <c>JobRunState</c>.</summary>
public static class JobRunState
{
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Stopping = "STOPPING";
    public const string Stopped = "STOPPED";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Timeout = "TIMEOUT";
    public const string Error = "ERROR";
    public const string Waiting = "WAITING";
    public const string Expired = "EXPIRED";

    /// <summary>Whether a run in <paramref name="state"/> is still active and can be stopped.</summary>
    public static bool IsActive(string? state) => state is Starting or Running or Waiting;
}

/// <summary>The <c>BatchStopJobRun</c> request.</summary>
public sealed record BatchStopJobRunRequest
{
    public required string JobName { get; init; }

    /// <summary>The runs to stop, 1 to 25 ids.</summary>
    public required IReadOnlyList<string> JobRunIds { get; init; }
}

/// <summary>The <c>BatchStopJobRun</c> response.</summary>
public sealed record BatchStopJobRunResponse
{
    public IReadOnlyList<BatchStopJobRunSuccessfulSubmission> SuccessfulSubmissions { get; init; } = [];

    public IReadOnlyList<BatchStopJobRunError> Errors { get; init; } = [];
}

/// <summary>A run that Glue accepted to stop.</summary>
public sealed record BatchStopJobRunSuccessfulSubmission
{
    public string? JobName { get; init; }

    public string? JobRunId { get; init; }
}

/// <summary>A run that Glue could not stop, with the reason.</summary>
public sealed record BatchStopJobRunError
{
    public string? JobName { get; init; }

    public string? JobRunId { get; init; }

    public ErrorDetail? ErrorDetail { get; init; }
}

/// <summary>An error code and message inside a Glue batch response.</summary>
public sealed record ErrorDetail
{
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}
