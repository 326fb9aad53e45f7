namespace Pipeline.StateMachines;

/// <summary>A request to run one execution of a state machine.</summary>
/// <param name="Definition">The parsed definition.</param>
/// <param name="StateMachineArn">The state machine ARN, exposed as <c>$$.StateMachine.Id</c>.</param>
/// <param name="ExecutionArn">The execution ARN, exposed as <c>$$.Execution.Id</c>.</param>
/// <param name="ExecutionName">The execution name, exposed as <c>$$.Execution.Name</c>.</param>
/// <param name="Input">The execution input as JSON text; null means <c>{}</c>.</param>
public sealed record ExecutionRequest(
    StateMachineDefinition Definition,
    string StateMachineArn,
    string ExecutionArn,
    string ExecutionName,
    string? Input)
{
    /// <summary>The role ARN, exposed as <c>$$.Execution.RoleArn</c> and in the ExecutionStarted event.</summary>
    public string? RoleArn { get; init; }

    /// <summary>
    /// The history of a failed execution to redrive: the run restarts from the state that failed,
    /// appending to this history after an ExecutionRedriven event.
    /// </summary>
    public IReadOnlyList<HistoryEvent>? RedriveFrom { get; init; }
}

/// <summary>The outcome of an execution.</summary>
/// <param name="Status">The final status.</param>
/// <param name="Output">The output JSON text when the execution succeeded.</param>
/// <param name="Error">The error name when it failed, timed out or was aborted.</param>
/// <param name="Cause">The cause text that goes with <paramref name="Error"/>.</param>
/// <param name="StartDate">When the execution started.</param>
/// <param name="StopDate">When the execution stopped.</param>
/// <param name="Events">The whole history, in order.</param>
public sealed record ExecutionResult(
    ExecutionStatus Status,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartDate,
    DateTimeOffset StopDate,
    IReadOnlyList<HistoryEvent> Events);
