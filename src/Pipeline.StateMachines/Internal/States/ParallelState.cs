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
        var tasks = new Task<StateOutcome>[Branches.Count];
        for (var i = 0; i < Branches.Count; i++)
        {
            var branch = new BranchContext(startedId, new VariableScope(run.Branch.Variables));
            var graph = Branches[i];

            // Each branch gets its own copy of the input, so no branch can change another branch's data.
            var branchInput = i == 0 ? input : JsonText.Clone(input);
            tasks[i] = GraphRunner.RunAsync(run.Execution, graph, branch, branchInput);
        }

        // NOTE: a failing branch does not cancel its siblings; the state fails once every branch has finished.
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            if (outcome.Failed)
            {
                await run.AppendAsync(HistoryEventTypes.ParallelStateFailed, null).ConfigureAwait(false);
                throw new StatesException(outcome.Error!, outcome.Cause);
            }
        }

        await run.Execution.AppendAsync(run.Branch, HistoryEventTypes.ParallelStateSucceeded, null, run.Execution.LastEventId).ConfigureAwait(false);
        var result = new JsonArray();
        foreach (var outcome in outcomes)
        {
            result.Add(JsonText.Detach(outcome.Output));
        }

        return result;
    }
}
