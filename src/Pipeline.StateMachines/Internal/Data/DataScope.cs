using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Data;

/// <summary>
/// What paths can read while a state runs: the current document (<c>$</c>), the context object (<c>$$</c>),
/// built on first use, and the variables in scope (<c>$name</c>).
/// </summary>
/// <remarks>
/// The context object is built without <c>Execution.Input</c>: paths under <c>$$.Execution.Input</c> read the
/// execution input directly, so a Map over many items does not copy a large input once per item.
/// </remarks>
internal sealed class DataScope(JsonNode? input, Func<JsonObject> contextFactory, VariableScope? variables, JsonNode? executionInput = null)
{
    private JsonObject? context;

    public JsonNode? Input { get; } = input;

    public VariableScope? Variables { get; } = variables;

    /// <summary>The context object without <c>Execution.Input</c>.</summary>
    public JsonObject Context => context ??= contextFactory();

    /// <summary>The whole context object, with a copy of the execution input under <c>Execution.Input</c>.</summary>
    public JsonObject FullContext
    {
        get
        {
            var full = (JsonObject)Context.DeepClone();
            if (full["Execution"] is JsonObject execution)
            {
                execution["Input"] = executionInput?.DeepClone();
            }

            return full;
        }
    }

    /// <summary>Evaluates a path against the document its root names; false when a definite path selects nothing.</summary>
    public bool TryEvaluate(JsonPath path, out JsonNode? result)
    {
        switch (path.Root)
        {
            case PathRoot.Context:
                if (path.StartsWithMembers("Execution", "Input"))
                {
                    return path.TryEvaluateFrom(executionInput, 2, out result);
                }

                return path.TryEvaluate(path.ReadsWholeExecution ? FullContext : Context, out result);
            case PathRoot.Variable:
                if (Variables is null || !Variables.TryGet(path.VariableName!, out var value))
                {
                    result = null;
                    return false;
                }

                return path.TryEvaluate(value, out result);
            default:
                return path.TryEvaluate(Input, out result);
        }
    }

    /// <summary>The document the path reads, serialized, for error messages.</summary>
    public string DescribeSource(JsonPath path) => path.Root switch
    {
        PathRoot.Context => Json.JsonText.Serialize(FullContext),
        PathRoot.Variable => Variables is not null && Variables.TryGet(path.VariableName!, out var value) ? Json.JsonText.Serialize(value) : "null",
        _ => Json.JsonText.Serialize(Input),
    };
}

/// <summary>Variables assigned with <c>Assign</c>; inner scopes (branches, iterations) read their parents' variables.</summary>
internal sealed class VariableScope(VariableScope? parent)
{
    private readonly Dictionary<string, JsonNode?> values = new(StringComparer.Ordinal);

    public VariableScope? Parent { get; } = parent;

    public bool TryGet(string name, out JsonNode? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            lock (scope.values)
            {
                if (scope.values.TryGetValue(name, out value))
                {
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    public void Set(string name, JsonNode? value)
    {
        lock (values)
        {
            values[name] = value;
        }
    }

    /// <summary>Returns every visible variable, inner scopes winning, as a JSON object (for JSONata bindings).</summary>
    public Dictionary<string, JsonNode?> Snapshot()
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            lock (scope.values)
            {
                foreach (var pair in scope.values)
                {
                    result.TryAdd(pair.Key, pair.Value);
                }
            }
        }

        return result;
    }
}
