using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Jsonata;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>
/// Input and output processing of states whose QueryLanguage is JSONata: strings written as <c>{% expression %}</c>
/// are evaluated with <c>$states</c> (input, result, errorOutput, context) and the variables in scope bound.
/// </summary>
internal static class JsonataFlow
{
    /// <summary>True for a string written as <c>{% expression %}</c>.</summary>
    public static bool IsExpression(string text) => text.Length >= 4 && text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal);

    /// <summary>
    /// Computes a JSONata state's output and variables. Assign and Output both read the variables as they were
    /// before the state, because the new values are stored only after both are evaluated.
    /// </summary>
    public static JsonNode? Finish(StateRun run, JsonNode? input, JsonNode? output, bool defaultToInput, JsonNode? result = null, AssignBlock? assign = null)
    {
        var states = States(run, input, result, null, null);
        var block = assign ?? run.State.Assign;
        var assigned = block is null ? null : (JsonObject?)EvaluateValue(run, block.Raw, states, "Assign");
        JsonNode? value;
        if (output is not null)
        {
            value = EvaluateValue(run, output, states, "Output");
        }
        else
        {
            value = defaultToInput ? input : result;
        }

        run.CheckSize(value, "The state output");
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return value;
    }

    /// <summary>Computes a catcher's output (default: the error output) and variables.</summary>
    public static JsonNode? FinishCatch(StateRun run, Catcher catcher, JsonObject errorOutput)
    {
        var states = States(run, run.Input, null, errorOutput, null);
        var assigned = catcher.Assign is null ? null : (JsonObject?)EvaluateValue(run, catcher.Assign.Raw, states, "Assign");
        var value = catcher.Output is null ? errorOutput : EvaluateValue(run, catcher.Output, states, "Output");
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return value;
    }

    /// <summary>Evaluates a field (a value with embedded expressions) against the state input.</summary>
    public static JsonNode? Evaluate(StateRun run, JsonNode expression, JsonNode? input, string field)
        => EvaluateValue(run, expression, States(run, input, null, null, null), field);

    /// <summary>Evaluates the ItemSelector of a JSONata Map, with <c>$states.context.Map.Item</c> set.</summary>
    public static JsonNode? EvaluateItemSelector(StateRun run, JsonNode selector, JsonNode? input, JsonObject mapItem)
        => EvaluateValue(run, selector, States(run, input, null, null, mapItem), "ItemSelector");

    /// <summary>Evaluates Error or Cause of a Fail state: a literal string or an expression that returns a string.</summary>
    public static string? EvaluateString(StateRun run, JsonNode? expression, JsonNode? input, string field)
    {
        if (expression is null)
        {
            return null;
        }

        var value = Evaluate(run, expression, input, field);
        return JsonText.TryGetString(value, out var text)
            ? text
            : throw run.Error(StatesErrors.QueryEvaluationError, $"The JSONata expression for the field '{field}' must return a string but returned '{JsonText.Serialize(value)}'.");
    }

    /// <summary>Evaluates a Choice rule's Condition, which must return a boolean.</summary>
    public static bool EvaluateCondition(StateRun run, JsonNode condition, JsonNode? input)
    {
        var value = Evaluate(run, condition, input, "Condition");
        return JsonText.Kind(value) switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw run.Error(StatesErrors.QueryEvaluationError, $"The JSONata expression for the field 'Condition' must return a boolean but returned '{JsonText.Serialize(value)}'."),
        };
    }

    private static JsonObject States(StateRun run, JsonNode? input, JsonNode? result, JsonObject? errorOutput, JsonObject? mapItem)
    {
        var context = run.BuildContext();
        if (mapItem is not null)
        {
            context["Map"] = new JsonObject { ["Item"] = mapItem.DeepClone() };
        }

        var states = new JsonObject { ["input"] = input?.DeepClone(), ["context"] = context };
        if (result is not null)
        {
            states["result"] = result.DeepClone();
        }

        if (errorOutput is not null)
        {
            states["errorOutput"] = errorOutput.DeepClone();
        }

        return states;
    }

    private static JsonNode? EvaluateValue(StateRun run, JsonNode? template, JsonObject states, string field)
    {
        switch (template)
        {
            case JsonObject obj:
                var resultObject = new JsonObject();
                foreach (var pair in obj)
                {
                    resultObject[pair.Key] = JsonText.Detach(EvaluateValue(run, pair.Value, states, $"{field}/{pair.Key}"));
                }

                return resultObject;
            case JsonArray array:
                var resultArray = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    resultArray.Add(JsonText.Detach(EvaluateValue(run, array[i], states, $"{field}[{i}]")));
                }

                return resultArray;
            default:
                if (JsonText.TryGetString(template, out var text) && IsExpression(text))
                {
                    return EvaluateExpression(run, text, states, field);
                }

                return template?.DeepClone();
        }
    }

    private static JsonNode? EvaluateExpression(StateRun run, string text, JsonObject states, string field)
    {
        var bindings = new JsonObject();
        foreach (var pair in run.Branch.Variables.Snapshot())
        {
            bindings[pair.Key] = pair.Value?.DeepClone();
        }

        bindings["states"] = states.DeepClone();
        var result = JsonataEngine.Evaluate(text[2..^2], bindings);
        if (result.Error is not null)
        {
            throw run.Error(StatesErrors.QueryEvaluationError, $"The JSONata expression '{text[2..^2].Trim()}' specified for the field '{field}' threw an error during evaluation. {result.Error}");
        }

        if (result.IsUndefined)
        {
            throw run.Error(StatesErrors.QueryEvaluationError, $"The JSONata expression '{text[2..^2].Trim()}' specified for the field '{field}' returned nothing (undefined).");
        }

        return result.Value;
    }
}
