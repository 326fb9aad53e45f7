using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Succeed: ends the graph successfully with its (filtered) input.</summary>
internal sealed class SucceedState : StateNode
{
    public override string Type => "Succeed";

    public override Task<StateOutcome> RunAsync(StateRun run)
    {
        if (Language == QueryLanguage.Jsonata)
        {
            return Task.FromResult(StateOutcome.EndWith(JsonataFlow.Finish(run, run.Input, Output, defaultToInput: true)));
        }

        var effective = DataFlow.ApplyInputPath(run, run.Input);
        return Task.FromResult(StateOutcome.EndWith(DataFlow.ApplyOutputPath(run, effective)));
    }
}
