namespace Pipeline.StateMachines;

/// <summary>The status of an execution, as DescribeExecution reports it.</summary>
public enum ExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

/// <summary>Conversions between <see cref="ExecutionStatus"/> and the AWS API names.</summary>
public static class ExecutionStatusExtensions
{
    /// <summary>Returns the AWS API name of the status, for example <c>SUCCEEDED</c>.</summary>
    public static string ToAwsName(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => "RUNNING",
        ExecutionStatus.Succeeded => "SUCCEEDED",
        ExecutionStatus.Failed => "FAILED",
        ExecutionStatus.TimedOut => "TIMED_OUT",
        ExecutionStatus.Aborted => "ABORTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown execution status."),
    };

    /// <summary>Parses an AWS API status name such as <c>TIMED_OUT</c>.</summary>
    public static ExecutionStatus ParseAwsName(string name) => name switch
    {
        "RUNNING" => ExecutionStatus.Running,
        "SUCCEEDED" => ExecutionStatus.Succeeded,
        "FAILED" => ExecutionStatus.Failed,
        "TIMED_OUT" => ExecutionStatus.TimedOut,
        "ABORTED" => ExecutionStatus.Aborted,
        _ => throw new ArgumentException($"Unknown execution status '{name}'. Expected RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED.", nameof(name)),
    };
}
