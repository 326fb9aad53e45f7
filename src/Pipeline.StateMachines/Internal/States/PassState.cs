using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Pass: passes its input (or <c>Result</c>, or <c>Parameters</c>) to its output.</summary>
internal sealed class PassState : StateNode
{
    public override string Type => "Pass";

    /// <summary>The fixed Result; only meaningful when <see cref="HasResult"/> is set (Result may be JSON null).</summary>
    public JsonNode? Result { get; init; }

    public bool HasResult { get; init; }

    public override Task<StateOutcome> RunAsync(StateRun run)
    {
        if (Language == QueryLanguage.Jsonata)
        {
            return Task.FromResult(Transition(JsonataFlow.Finish(run, run.Input, Output ?? (HasResult ? Result : null), defaultToInput: !HasResult)));
        }

        var effective = DataFlow.ApplyInputPath(run, run.Input);
        run.Inspect("afterInputPath", effective);
        // Parameters shape the effective input; a fixed Result, when present, replaces whatever they produced.
        var result = DataFlow.ApplyParameters(run, Parameters, effective);
        if (HasResult)
        {
            result = Result?.DeepClone();
        }

        run.Inspect("afterParameters", result);
        var assigned = DataFlow.EvaluateAssign(run, Assign, run.Scope(result));
        var output = DataFlow.ApplyResultPath(run, ResultPath, ResultPathNull, run.Input, result);
        run.Inspect("afterResultPath", output);
        output = DataFlow.ApplyOutputPath(run, output);
        if (!ReferenceEquals(output, run.Input))
        {
            run.CheckSize(output, "The state output");
        }

        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return Task.FromResult(Transition(output));
    }
}
