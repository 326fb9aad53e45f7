using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Choice: moves to the Next of the first matching rule, or to Default.</summary>
internal sealed class ChoiceState : StateNode
{
    public override string Type => "Choice";

    public required IReadOnlyList<ChoiceBranch> Choices { get; init; }

    public string? Default { get; init; }

    public override Task<StateOutcome> RunAsync(StateRun run)
    {
        var jsonata = Language == QueryLanguage.Jsonata;
        var effective = jsonata ? run.Input : DataFlow.ApplyInputPath(run, run.Input);
        var scope = run.Scope(effective);
        foreach (var choice in Choices)
        {
            var matched = jsonata
                ? JsonataFlow.EvaluateCondition(run, choice.Condition!, run.Input)
                : choice.Rule!.Matches(run, scope);
            if (matched)
            {
                return Task.FromResult(StateOutcome.GoTo(choice.Next, Finish(run, effective, choice.Assign, choice.Output)));
            }
        }

        if (Default is null)
        {
            // The ASL specification names this error States.NoChoiceMatched, but Step Functions reports
            // States.Runtime with this cause, which no Retry or Catch can handle.
            throw run.RuntimeError("Failed to transition out of the state. The state does not point to a next state.");
        }

        return Task.FromResult(StateOutcome.GoTo(Default, Finish(run, effective, Assign, Output)));
    }

    private JsonNode? Finish(StateRun run, JsonNode? effective, AssignBlock? choiceAssign, JsonNode? choiceOutput)
    {
        if (Language == QueryLanguage.Jsonata)
        {
            // A matched rule's Assign and Output replace the state's own; JSONata Choice has no Output of its own otherwise.
            var output = JsonataFlow.Finish(run, run.Input, choiceOutput ?? Output, defaultToInput: true, assign: MergeAssign(choiceAssign));
            return output;
        }

        var assigned = DataFlow.EvaluateAssign(run, MergeAssign(choiceAssign), run.Scope(effective));
        var result = DataFlow.ApplyOutputPath(run, effective);
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return result;
    }

    private AssignBlock? MergeAssign(AssignBlock? choiceAssign) => choiceAssign ?? Assign;
}

/// <summary>One entry of <c>Choices</c>: a rule (JSONPath) or a Condition (JSONata), its Next, and optional Assign/Output.</summary>
internal sealed class ChoiceBranch
{
    public ChoiceRule? Rule { get; init; }

    public JsonNode? Condition { get; init; }

    public required string Next { get; init; }

    public AssignBlock? Assign { get; init; }

    public JsonNode? Output { get; init; }
}
