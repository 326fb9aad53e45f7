using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Parsing;

namespace Pipeline.StateMachines;

/// <summary>
/// An Amazon States Language definition that passed validation, compiled for execution. Immutable and
/// safe to share between executions and threads.
/// </summary>
public sealed class StateMachineDefinition
{
    private StateMachineDefinition(string json, JsonObject root, StateGraph graph)
    {
        Json = json;
        Graph = graph;
        Comment = JsonText.TryGetString(root["Comment"], out var comment) ? comment : null;
        TimeoutSeconds = JsonText.TryGetInteger(root["TimeoutSeconds"], out var timeout) ? (int)timeout : null;
        QueryLanguage = graph.QueryLanguage == Internal.Model.QueryLanguage.Jsonata ? "JSONata" : "JSONPath";
    }

    /// <summary>The definition text as given to <see cref="Parse"/>.</summary>
    public string Json { get; }

    /// <summary>The top-level <c>Comment</c>, if any.</summary>
    public string? Comment { get; }

    /// <summary>The top-level <c>TimeoutSeconds</c>: the execution times out after it (ExecutionTimedOut).</summary>
    public int? TimeoutSeconds { get; }

    /// <summary>The top-level query language: <c>JSONPath</c> (the default) or <c>JSONata</c>.</summary>
    public string QueryLanguage { get; }

    /// <summary>The name of the first state.</summary>
    public string StartAt => Graph.StartAt;

    /// <summary>The names of the top-level states, in definition order.</summary>
    public IReadOnlyCollection<string> StateNames => Graph.States.Keys.ToArray();

    internal StateGraph Graph { get; }

    /// <summary>
    /// Validates and compiles a definition. Throws <see cref="InvalidDefinitionException"/> listing every
    /// problem, with the messages CreateStateMachine would return.
    /// </summary>
    public static StateMachineDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var diagnostics = DefinitionValidator.Validate(json);
        if (diagnostics.Count > 0)
        {
            throw new InvalidDefinitionException(diagnostics);
        }

        var root = (JsonObject)JsonText.Parse(json)!;
        var graph = DefinitionParser.ParseGraph(root, Internal.Model.QueryLanguage.JsonPath);
        return new StateMachineDefinition(json, root, graph);
    }

    /// <inheritdoc />
    public override string ToString() => Json;
}
