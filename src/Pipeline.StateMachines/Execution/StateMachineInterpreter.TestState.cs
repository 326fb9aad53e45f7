using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>TestState: runs one state once, without retries, and reports what it did.</summary>
public sealed partial class StateMachineInterpreter
{
    private const string TestStateName = "TestState";

    /// <summary>
    /// Runs a single state with the given input, like the TestState API: retries are not performed (RETRIABLE is
    /// reported instead), a handled error is reported as CAUGHT_ERROR, and the next state is returned rather than run.
    /// Throws <see cref="InvalidDefinitionException"/> when the state definition is invalid.
    /// </summary>
    public async Task<TestStateResult> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (stateName, wrapper) = WrapState(request);
        var definition = StateMachineDefinition.Parse(wrapper.ToJsonString());
        var input = ParseInput(request.Input);
        var executionRequest = new ExecutionRequest(definition, "arn:aws:states:us-east-1:123456789012:stateMachine:TestState", "arn:aws:states:us-east-1:123456789012:execution:TestState:test", "test", request.Input)
        {
            RoleArn = request.RoleArn,
        };
        using var control = new ExecutionControl(cancellationToken);
        using var run = new ExecutionRun(executionRequest, definition.Graph, input, timeProvider, tasks, null, tokens, logger, null, control.Token) { SingleStep = true, ItemReader = ItemReader, ResultWriter = ResultWriter };
        var branch = new BranchContext(0, new VariableScope(null), run.CancellationToken);
        foreach (var (name, value) in request.Variables ?? new Dictionary<string, string>())
        {
            branch.Variables.Set(name, JsonText.Parse(value));
        }

        var inspection = new JsonObject { ["input"] = JsonText.Serialize(input) };
        try
        {
            var (outcome, stateRun) = await GraphRunner.ExecuteOneAsync(run, branch, definition.Graph.States[stateName], input).ConfigureAwait(false);
            foreach (var pair in stateRun.Inspection ?? [])
            {
                inspection[pair.Key] = pair.Value?.DeepClone();
            }

            if (outcome.Failed)
            {
                return new TestStateResult("FAILED", null, outcome.Error, outcome.Cause, null, inspection, run.Snapshot());
            }

            var output = JsonText.Serialize(outcome.Output);
            var next = outcome.Next;
            if (stateRun.CaughtError is { } caught)
            {
                return new TestStateResult("CAUGHT_ERROR", output, caught.Error, caught.Cause, next, inspection, run.Snapshot());
            }

            return new TestStateResult("SUCCEEDED", output, null, null, next, inspection, run.Snapshot());
        }
        catch (RetriableException ex)
        {
            return new TestStateResult("RETRIABLE", null, ex.Failure.Error, ex.Failure.Cause, null, inspection, run.Snapshot());
        }
    }

    /// <summary>
    /// Builds a one-state machine around the state so that the regular validator and parser apply. Every target
    /// the state names becomes a Succeed placeholder, which is reported as the next state and never run.
    /// </summary>
    private static (string Name, JsonObject Machine) WrapState(TestStateRequest request)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonText.Parse(request.Definition);
        }
        catch (JsonException ex)
        {
            throw new InvalidDefinitionException([new DefinitionDiagnostic("INVALID_JSON_DESCRIPTION", $"The state definition is not valid JSON: {ex.Message}", string.Empty)]);
        }

        if (parsed is not JsonObject obj)
        {
            throw new InvalidDefinitionException([new DefinitionDiagnostic("SCHEMA_VALIDATION_FAILED", "The state definition must be a JSON object", string.Empty)]);
        }

        var name = TestStateName;
        JsonObject state = obj;
        var machine = new JsonObject();
        if (obj["States"] is JsonObject states)
        {
            name = request.StateName ?? throw new ArgumentException("The definition is a whole state machine: pass StateName to choose the state to test.", nameof(request));
            state = states[name] as JsonObject ?? throw new ArgumentException($"The state machine has no top-level state '{name}'.", nameof(request));
            if (obj["QueryLanguage"] is { } language)
            {
                machine["QueryLanguage"] = language.DeepClone();
            }
        }

        var wrapped = new JsonObject { [name] = state.DeepClone() };
        foreach (var target in Targets(state))
        {
            if (!wrapped.ContainsKey(target))
            {
                wrapped[target] = new JsonObject { ["Type"] = "Succeed" };
            }
        }

        machine["StartAt"] = name;
        machine["States"] = wrapped;
        return (name, machine);
    }

    private static IEnumerable<string> Targets(JsonObject state)
    {
        if (JsonText.TryGetString(state["Next"], out var next))
        {
            yield return next;
        }

        if (JsonText.TryGetString(state["Default"], out var fallback))
        {
            yield return fallback;
        }

        foreach (var list in (string[])["Choices", "Catch"])
        {
            foreach (var item in state[list] as JsonArray ?? [])
            {
                if (item is JsonObject rule && JsonText.TryGetString(rule["Next"], out var target))
                {
                    yield return target;
                }
            }
        }
    }
}
