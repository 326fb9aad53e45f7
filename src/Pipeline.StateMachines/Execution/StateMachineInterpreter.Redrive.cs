using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>RedriveExecution: restarts a failed, timed out or aborted execution from the state that did not finish.</summary>
public sealed partial class StateMachineInterpreter
{
    /// <remarks>
    /// The history must end with ExecutionFailed, ExecutionTimedOut or ExecutionAborted. The interpreter appends
    /// ExecutionRedriven (with the new redrive count) and enters again the last top-level state that was entered,
    /// with the input it had then. Variables are restored from the assignedVariables of the StateExited events.
    /// NOTE: when that state is a Map or Parallel, all of its iterations or branches run again; AWS reruns only the
    /// unsuccessful ones.
    /// </remarks>
    private async Task<ExecutionResult> RedriveAsync(ExecutionRun run, ExecutionControl control)
    {
        var history = run.Request.RedriveFrom!;
        var last = history[^1];
        if (last.Type is not (HistoryEventTypes.ExecutionFailed or HistoryEventTypes.ExecutionTimedOut or HistoryEventTypes.ExecutionAborted))
        {
            throw new InvalidOperationException($"The execution '{run.Request.ExecutionArn}' cannot be redriven because its history ends with {last.Type}. Only FAILED, TIMED_OUT and ABORTED executions can be redriven (ExecutionNotRedrivable).");
        }

        var started = history[0];
        if (started.Type != HistoryEventTypes.ExecutionStarted)
        {
            throw new InvalidOperationException("The history to redrive must start with ExecutionStarted.");
        }

        run.StartTime = started.Timestamp;
        run.RedriveCount = history.Count(e => e.Type == HistoryEventTypes.ExecutionRedriven) + 1;
        run.RedriveTime = timeProvider.GetUtcNow();
        var branch = new BranchContext(last.Id, new VariableScope(null), run.CancellationToken);
        string? restartState = null;
        JsonNode? restartInput = null;
        foreach (var historyEvent in history)
        {
            var details = historyEvent.Details;
            if (details?["name"] is not { } nameNode || !run.Graph.States.ContainsKey(nameNode.GetValue<string>()))
            {
                continue;
            }

            if (historyEvent.Type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                restartState = nameNode.GetValue<string>();
                restartInput = JsonText.Parse(details["input"]?.GetValue<string>() ?? "{}");
            }
            else if (historyEvent.Type.EndsWith("StateExited", StringComparison.Ordinal) && details["assignedVariables"] is JsonObject assigned)
            {
                foreach (var pair in assigned)
                {
                    branch.Variables.Set(pair.Key, JsonText.Parse(pair.Value!.GetValue<string>()));
                }
            }
        }

        if (restartState is null)
        {
            throw new InvalidOperationException($"The execution '{run.Request.ExecutionArn}' cannot be redriven because no state was entered before it stopped.");
        }

        var redriveCount = run.RedriveCount;
        await run.AppendAsync(branch, HistoryEventTypes.ExecutionRedriven, () => new JsonObject { ["redriveCount"] = redriveCount }).ConfigureAwait(false);
        return await FinishAsync(run, control, branch, () => GraphRunner.RunAsync(run, run.Graph, branch, restartInput, restartState)).ConfigureAwait(false);
    }
}
