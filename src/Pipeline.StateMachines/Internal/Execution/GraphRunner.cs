using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.States;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>Runs the states of a graph one after another, recording the StateEntered and StateExited events.</summary>
internal static class GraphRunner
{
    /// <summary>Runs from <paramref name="startAt"/> (default: the graph's StartAt) until a state ends the graph or fails.</summary>
    public static async Task<StateOutcome> RunAsync(ExecutionRun run, StateGraph graph, BranchContext branch, JsonNode? input, string? startAt = null)
    {
        var name = startAt ?? graph.StartAt;
        var data = input;
        while (true)
        {
            branch.CancellationToken.ThrowIfCancellationRequested();
            var state = graph.States[name];
            var (outcome, _) = await ExecuteOneAsync(run, branch, state, data).ConfigureAwait(false);
            if (outcome.Failed || outcome.Next is null)
            {
                return outcome;
            }

            name = outcome.Next;
            data = outcome.Output;
        }
    }

    /// <summary>Runs one state, recording its StateEntered and StateExited events; returns the outcome and the state's run.</summary>
    public static async Task<(StateOutcome Outcome, StateRun Run)> ExecuteOneAsync(ExecutionRun run, BranchContext branch, StateNode state, JsonNode? input)
    {
        var enteredTime = run.Time.GetUtcNow();
        var enteredId = await run.AppendAsync(branch, state.EnteredEventType, () => Entered(state.Name, input)).ConfigureAwait(false);
        var stateRun = new StateRun(run, branch, state, input, enteredId, enteredTime);
        StateOutcome outcome;
        try
        {
            outcome = await state.RunAsync(stateRun).ConfigureAwait(false);
        }
        catch (StatesException ex)
        {
            outcome = StateOutcome.Fail(ex.Error, ex.Cause);
        }
        catch (OperationCanceledException) when (branch.CancellationToken.IsCancellationRequested && state.Type is "Task" or "Wait" or "Map" or "Parallel")
        {
            // StopExecution, the execution timeout or a failed sibling branch interrupted the state.
            await run.AppendAsync(branch, state.Type + "StateAborted", null).ConfigureAwait(false);
            throw;
        }

        if (outcome.Failed || state is FailState)
        {
            return (outcome, stateRun);
        }

        var assigned = stateRun.AssignedVariables;
        var output = outcome.Output;
        await run.AppendAsync(branch, state.ExitedEventType, () => Exited(state.Name, output, assigned)).ConfigureAwait(false);
        return (outcome, stateRun);
    }

    private static JsonObject Entered(string name, JsonNode? input) => new()
    {
        ["name"] = name,
        ["input"] = JsonText.Serialize(input),
        ["inputDetails"] = new JsonObject { ["truncated"] = false },
    };

    private static JsonObject Exited(string name, JsonNode? output, JsonObject? assigned)
    {
        var details = new JsonObject
        {
            ["name"] = name,
            ["output"] = JsonText.Serialize(output),
            ["outputDetails"] = new JsonObject { ["truncated"] = false },
        };
        if (assigned is not null)
        {
            var variables = new JsonObject();
            foreach (var pair in assigned)
            {
                variables[pair.Key] = JsonText.Serialize(pair.Value);
            }

            details["assignedVariables"] = variables;
            details["assignedVariablesDetails"] = new JsonObject { ["truncated"] = false };
        }

        return details;
    }
}
