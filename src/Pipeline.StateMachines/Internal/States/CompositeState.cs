using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>The shared result processing and error handling of Parallel and Map.</summary>
internal abstract class CompositeState : StateNode
{
    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];

    /// <summary>Applies ResultSelector, Assign, ResultPath and OutputPath (or JSONata Output) to the combined result.</summary>
    protected JsonNode? Finish(StateRun run, JsonNode? result)
    {
        if (Language == QueryLanguage.Jsonata)
        {
            return JsonataFlow.Finish(run, run.Input, Output, defaultToInput: false, result: result);
        }

        run.Inspect("result", result);
        if (ResultSelector is not null)
        {
            result = DataFlow.Evaluate(run, ResultSelector, run.Scope(result));
        }

        run.Inspect("afterResultSelector", result);
        var assigned = DataFlow.EvaluateAssign(run, Assign, run.Scope(result));
        var output = DataFlow.ApplyResultPath(run, ResultPath, ResultPathNull, run.Input, result);
        run.Inspect("afterResultPath", output);
        output = DataFlow.ApplyOutputPath(run, output);
        run.CheckSize(output, "The state output");
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return output;
    }
}
