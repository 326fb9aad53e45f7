using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Parallel: runs every branch on the same input and outputs the array of branch outputs, in branch order.</summary>
internal sealed class ParallelState : CompositeState
{
    public override string Type => "Parallel";

    public required IReadOnlyList<StateGraph> Branches { get; init; }

    public override IEnumerable<StateGraph> ChildGraphs => Branches;

    public override async Task<StateOutcome> RunAsync(StateRun run)
    {
        JsonNode? branchInput;
        if (Language == QueryLanguage.Jsonata)
        {
            branchInput = Arguments is null ? run.Input : JsonataFlow.Evaluate(run, Arguments, run.Input, "Arguments");
        }
        else
        {
            branchInput = DataFlow.ApplyParameters(run, Parameters, DataFlow.ApplyInputPath(run, run.Input));
        }

        return await ErrorHandler.RunAsync(run, Retry, Catch, async () =>
        {
            var result = await RunBranchesAsync(run, branchInput).ConfigureAwait(false);
            return Transition(Finish(run, result));
        }).ConfigureAwait(false);
    }

    private async Task<JsonArray> RunBranchesAsync(StateRun run, JsonNode? input)
    {
        var startedId = await run.AppendAsync(HistoryEventTypes.ParallelStateStarted, null).ConfigureAwait(false);

        // The first failed branch stops the others, as Step Functions stops all branches of a failed Parallel state.
        using var branches = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        var outcomes = new StateOutcome?[Branches.Count];
        var tasks = new Task[Branches.Count];
        for (var i = 0; i < Branches.Count; i++)
        {
            var index = i;
            var branch = new BranchContext(startedId, new VariableScope(run.Branch.Variables), branches.Token);

            // Each branch gets its own copy of the input, so no branch can change another branch's data.
            var branchInput = i == 0 ? input : JsonText.Clone(input);
            tasks[i] = RunBranchAsync(run, Branches[index], branch, branchInput, outcome =>
            {
                outcomes[index] = outcome;
                if (outcome.Failed)
                {
                    branches.Cancel();
                }
            });
        }

        await MapState.AwaitAllAsync(tasks, run.CancellationToken).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            if (outcome is { Failed: true } failed)
            {
                await run.AppendAsync(HistoryEventTypes.ParallelStateFailed, null).ConfigureAwait(false);
                throw new StatesException(failed.Error!, failed.Cause);
            }
        }

        await run.Execution.AppendAsync(run.Branch, HistoryEventTypes.ParallelStateSucceeded, null, run.Execution.LastEventId).ConfigureAwait(false);
        var result = new JsonArray();
        foreach (var outcome in outcomes)
        {
            result.Add(JsonText.Detach(outcome!.Value.Output));
        }

        return result;
    }

    private static async Task RunBranchAsync(StateRun run, StateGraph graph, BranchContext branch, JsonNode? input, Action<StateOutcome> onDone)
    {
        StateOutcome outcome;
        try
        {
            outcome = await GraphRunner.RunAsync(run.Execution, graph, branch, input).ConfigureAwait(false);
        }
        catch (StatesException ex)
        {
            outcome = StateOutcome.Fail(ex.Error, ex.Cause);
        }

        onDone(outcome);
    }
}
