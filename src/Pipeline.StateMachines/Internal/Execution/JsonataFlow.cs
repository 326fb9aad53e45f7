using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>Input and output processing of states whose QueryLanguage is JSONata.</summary>
internal static class JsonataFlow
{
    public static JsonNode? Finish(StateRun run, JsonNode? input, JsonNode? output, bool defaultToInput, JsonNode? result = null, AssignBlock? assign = null)
        => throw NotAvailable(run);

    public static JsonNode? Evaluate(StateRun run, JsonNode expression, JsonNode? input, string field) => throw NotAvailable(run);

    public static string? EvaluateString(StateRun run, JsonNode? expression, JsonNode? input, string field) => throw NotAvailable(run);

    public static bool EvaluateCondition(StateRun run, JsonNode condition, JsonNode? input) => throw NotAvailable(run);

    public static JsonNode? FinishCatch(StateRun run, Catcher catcher, JsonObject errorOutput) => throw NotAvailable(run);

    public static JsonNode? EvaluateItemSelector(StateRun run, JsonNode selector, JsonNode? input, JsonObject mapItem) => throw NotAvailable(run);

    private static StatesException NotAvailable(StateRun run) => run.Error(StatesErrors.QueryEvaluationError, "JSONata is not available yet.");
}
