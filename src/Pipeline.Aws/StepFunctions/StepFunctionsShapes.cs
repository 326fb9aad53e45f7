namespace Pipeline.Aws.StepFunctions;

// Shapes of the AWS Step Functions API (camelCase members on the wire). Only the members this
// project reads or writes are declared.

/// <summary>The <c>StartExecution</c> request.</summary>
public sealed record StartExecutionRequest
{
    public required string StateMachineArn { get; init; }

    /// <summary>The execution name: 1-80 characters, unique per state machine for 90 days.</summary>
    public string? Name { get; init; }

    /// <summary>The execution input as a JSON text.</summary>
    public string? Input { get; init; }

    public string? TraceHeader { get; init; }
}

/// <summary>The <c>StartExecution</c> response.</summary>
public sealed record StartExecutionResponse
{
    public required string ExecutionArn { get; init; }

    public DateTimeOffset StartDate { get; init; }
}

/// <summary>The <c>DescribeExecution</c> request.</summary>
public sealed record DescribeExecutionRequest
{
    public required string ExecutionArn { get; init; }
}

/// <summary>The <c>DescribeExecution</c> response.</summary>
public sealed record DescribeExecutionResponse
{
    public required string ExecutionArn { get; init; }

    public string? StateMachineArn { get; init; }

    public string? Name { get; init; }

    /// <summary><c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c>, <c>ABORTED</c> or <c>PENDING_REDRIVE</c>.</summary>
    public required string Status { get; init; }

    public DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }
}

/// <summary>The <c>StopExecution</c> request.</summary>
public sealed record StopExecutionRequest
{
    public required string ExecutionArn { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }
}

/// <summary>The <c>StopExecution</c> response.</summary>
public sealed record StopExecutionResponse
{
    public DateTimeOffset StopDate { get; init; }
}

/// <summary>Execution status values of the Step Functions API.</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
    public const string PendingRedrive = "PENDING_REDRIVE";
}

/// <summary>Error codes of the Step Functions API that callers handle.</summary>
public static class StepFunctionsErrorCodes
{
    /// <summary>An execution of that name already exists (closed, or open with another input).</summary>
    public const string ExecutionAlreadyExists = "ExecutionAlreadyExists";

    public const string ExecutionDoesNotExist = "ExecutionDoesNotExist";

    public const string StateMachineDoesNotExist = "StateMachineDoesNotExist";
}

/// <summary>The <c>ListExecutions</c> request.</summary>
public sealed record ListExecutionsRequest
{
    public string? StateMachineArn { get; init; }

    /// <summary>An <see cref="ExecutionStatus"/> value.</summary>
    public string? StatusFilter { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>The <c>ListExecutions</c> response.</summary>
public sealed record ListExecutionsResponse
{
    public IReadOnlyList<ExecutionListItem> Executions { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>executions</c>.</summary>
public sealed record ExecutionListItem
{
    public required string ExecutionArn { get; init; }

    public string? StateMachineArn { get; init; }

    public string? Name { get; init; }

    public required string Status { get; init; }

    public DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; init; }
}
