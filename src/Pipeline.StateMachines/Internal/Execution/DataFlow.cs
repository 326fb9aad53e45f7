using System.Text;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>
/// The JSONPath input and output processing of a state: InputPath, Parameters, ResultSelector, ResultPath,
/// OutputPath, in the order the ASL specification gives.
/// </summary>
internal static class DataFlow
{
    /// <summary>The 256 KiB payload limit of Step Functions (UTF-8 bytes).</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    public static JsonNode? ApplyInputPath(StateRun run, JsonNode? input)
    {
        var state = run.State;
        if (state.InputPathNull)
        {
            return new JsonObject();
        }

        if (state.InputPath is null || state.InputPath.IsRoot)
        {
            return input;
        }

        return SelectOrFail(run, state.InputPath, run.Scope(input));
    }

    public static JsonNode? ApplyOutputPath(StateRun run, JsonNode? output)
    {
        var state = run.State;
        if (state.OutputPathNull)
        {
            return new JsonObject();
        }

        if (state.OutputPath is null || state.OutputPath.IsRoot)
        {
            return output;
        }

        return SelectOrFail(run, state.OutputPath, run.Scope(output));
    }

    /// <summary>Applies Parameters (or returns the effective input when there are none).</summary>
    public static JsonNode? ApplyParameters(StateRun run, PayloadTemplate? template, JsonNode? effectiveInput)
        => template is null ? effectiveInput : Evaluate(run, template, run.Scope(effectiveInput));

    public static JsonNode? Evaluate(StateRun run, PayloadTemplate template, DataScope scope)
    {
        try
        {
            return template.Evaluate(scope);
        }
        catch (EvaluationException ex)
        {
            throw run.Error(ex.Error, ex.Message);
        }
    }

    /// <summary>Places <paramref name="result"/> into <paramref name="input"/> at <paramref name="path"/> (or replaces it, or discards it).</summary>
    public static JsonNode? ApplyResultPath(StateRun run, JsonPath? path, bool discard, JsonNode? input, JsonNode? result)
    {
        if (discard)
        {
            return input;
        }

        if (path is null || path.IsRoot)
        {
            return result;
        }

        if (input is not JsonObject)
        {
            throw run.RuntimeError($"Unable to apply ResultPath '{path.Text}' to input '{JsonText.Serialize(input)}': the input is not a JSON object.");
        }

        // Copy on write: the input may be recorded in history or shared with other branches.
        var root = input.DeepClone();
        JsonNode current = root;
        var segments = path.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i])
            {
                case MemberSegment member when current is JsonObject obj:
                    if (last)
                    {
                        obj[member.Name] = JsonText.Detach(result);
                    }
                    else
                    {
                        if (obj[member.Name] is not (JsonObject or JsonArray))
                        {
                            obj[member.Name] = new JsonObject();
                        }

                        current = obj[member.Name]!;
                    }

                    break;
                case IndexSegment index when current is JsonArray array && index.Index >= 0 && index.Index < array.Count:
                    if (last)
                    {
                        array[index.Index] = JsonText.Detach(result);
                    }
                    else
                    {
                        current = array[index.Index] ?? throw run.RuntimeError($"Unable to apply ResultPath '{path.Text}': element {index.Index} is null.");
                    }

                    break;
                default:
                    throw run.RuntimeError($"Unable to apply ResultPath '{path.Text}' to input '{JsonText.Serialize(input)}'.");
            }
        }

        return root;
    }

    /// <summary>Evaluates a definite or indefinite path; a missing definite path is a States.Runtime error.</summary>
    public static JsonNode? SelectOrFail(StateRun run, JsonPath path, DataScope scope)
    {
        if (scope.TryEvaluate(path, out var value))
        {
            return value;
        }

        throw run.RuntimeError($"Invalid path '{path.Text}' : No results for path: {Describe(path)}");
    }

    /// <summary>Writes a path in Jayway's normalized bracket form, for example <c>$['a'][0]</c>.</summary>
    public static string Describe(JsonPath path)
    {
        var root = path.Root switch
        {
            PathRoot.Context => "$$",
            PathRoot.Variable => "$" + path.VariableName,
            _ => "$",
        };
        var builder = new StringBuilder(root);
        foreach (var segment in path.Segments)
        {
            switch (segment)
            {
                case MemberSegment member:
                    builder.Append("['").Append(member.Name).Append("']");
                    break;
                case IndexSegment index:
                    builder.Append('[').Append(index.Index).Append(']');
                    break;
                default:
                    return path.Text;
            }
        }

        return builder.ToString();
    }

    /// <summary>Evaluates an Assign block (JSONPath) in <paramref name="scope"/>; the caller stores the variables after the output is computed.</summary>
    public static JsonObject? EvaluateAssign(StateRun run, AssignBlock? assign, DataScope scope)
    {
        if (assign?.Template is null)
        {
            return null;
        }

        return Evaluate(run, assign.Template, scope) as JsonObject;
    }

    /// <summary>Stores assigned variables in the branch scope after every expression of the state was evaluated.</summary>
    public static void StoreVariables(StateRun run, JsonObject? assigned)
    {
        if (assigned is null)
        {
            return;
        }

        foreach (var pair in assigned)
        {
            run.Branch.Variables.Set(pair.Key, pair.Value);
        }
    }
}
