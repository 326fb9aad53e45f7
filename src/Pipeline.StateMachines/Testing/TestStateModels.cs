using System.Text.Json.Nodes;

namespace Pipeline.StateMachines;

/// <summary>A request to run one state once, like the TestState API.</summary>
/// <param name="Definition">
/// The definition of one state (<c>{"Type":"Task",...}</c>), or a whole state machine together with <see cref="StateName"/>.
/// </param>
/// <param name="Input">The state input as JSON text; null means <c>{}</c>.</param>
public sealed record TestStateRequest(string Definition, string? Input)
{
    /// <summary>The state to run when <see cref="Definition"/> is a whole state machine.</summary>
    public string? StateName { get; init; }

    /// <summary>The role ARN exposed as <c>$$.Execution.RoleArn</c>.</summary>
    public string? RoleArn { get; init; }

    /// <summary>Variables visible to the state, as JSON text per variable name.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

/// <summary>The outcome of <see cref="StateMachineInterpreter.TestStateAsync"/>, with the TestState API's fields.</summary>
/// <param name="Status"><c>SUCCEEDED</c>, <c>FAILED</c>, <c>RETRIABLE</c> (a retrier would retry) or <c>CAUGHT_ERROR</c> (a catcher handled the error).</param>
/// <param name="Output">The state output as JSON text, when the state succeeded or caught an error.</param>
/// <param name="Error">The error name for FAILED, RETRIABLE and CAUGHT_ERROR.</param>
/// <param name="Cause">The cause that goes with <paramref name="Error"/>.</param>
/// <param name="NextState">The state the execution would move to; null when the state ends the execution or failed.</param>
/// <param name="InspectionData">The data after each processing step (input, afterInputPath, afterParameters, result, afterResultSelector, afterResultPath) as JSON text.</param>
/// <param name="Events">The history events the state recorded.</param>
public sealed record TestStateResult(
    string Status,
    string? Output,
    string? Error,
    string? Cause,
    string? NextState,
    JsonObject InspectionData,
    IReadOnlyList<HistoryEvent> Events);
