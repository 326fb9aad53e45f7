using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Fail: stops the graph with an error name and cause (literal, from a path, or from JSONata).</summary>
internal sealed class FailState : StateNode
{
    public override string Type => "Fail";

    public JsonNode? Error { get; init; }

    public JsonNode? Cause { get; init; }

    public JsonPath? ErrorPath { get; init; }

    public JsonPath? CausePath { get; init; }

    /// <summary>An intrinsic function for ErrorPath (JSONPath states allow them there).</summary>
    public Data.PayloadTemplate? ErrorTemplate { get; init; }

    public Data.PayloadTemplate? CauseTemplate { get; init; }

    public override Task<StateOutcome> RunAsync(StateRun run)
    {
        string? error;
        string? cause;
        if (Language == QueryLanguage.Jsonata)
        {
            error = JsonataFlow.EvaluateString(run, Error, run.Input, "Error");
            cause = JsonataFlow.EvaluateString(run, Cause, run.Input, "Cause");
        }
        else
        {
            error = Resolve(run, Error, ErrorPath, ErrorTemplate, "ErrorPath");
            cause = Resolve(run, Cause, CausePath, CauseTemplate, "CausePath");
        }

        return Task.FromResult(StateOutcome.Fail(error ?? string.Empty, cause));
    }

    private static string? Resolve(StateRun run, JsonNode? literal, JsonPath? path, Data.PayloadTemplate? template, string field)
    {
        JsonNode? value;
        if (template is not null)
        {
            value = DataFlow.Evaluate(run, template, run.Scope(run.Input));
        }
        else if (path is not null)
        {
            value = DataFlow.SelectOrFail(run, path, run.Scope(run.Input));
        }
        else
        {
            return JsonText.TryGetString(literal, out var text) ? text : null;
        }

        if (!JsonText.TryGetString(value, out var result))
        {
            throw run.RuntimeError($"The value of {field} '{path?.Text}' must be a string but was '{JsonText.Serialize(value)}'.");
        }

        return result;
    }
}
