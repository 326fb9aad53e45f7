using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Model;

/// <summary>
/// A parsed state. Fields shared by several state types live here; each subclass in <c>Internal/States</c>
/// runs its own type's logic in <see cref="RunAsync"/>, after the interpreter recorded the StateEntered event.
/// </summary>
internal abstract class StateNode
{
    public required string Name { get; init; }

    /// <summary>The ASL type name, also the prefix of its history events (<c>Task</c> gives <c>TaskStateEntered</c>).</summary>
    public abstract string Type { get; }

    public string? Next { get; init; }

    public bool End { get; init; }

    public QueryLanguage Language { get; init; }

    /// <summary>InputPath; null with <see cref="InputPathNull"/> unset means <c>$</c>.</summary>
    public JsonPath? InputPath { get; init; }

    /// <summary>True when InputPath is JSON null: the effective input is <c>{}</c>.</summary>
    public bool InputPathNull { get; init; }

    public JsonPath? OutputPath { get; init; }

    /// <summary>True when OutputPath is JSON null: the state output is <c>{}</c>.</summary>
    public bool OutputPathNull { get; init; }

    public JsonPath? ResultPath { get; init; }

    /// <summary>True when ResultPath is JSON null: the result is discarded and the output is the input.</summary>
    public bool ResultPathNull { get; init; }

    /// <summary>Parameters (JSONPath) of Pass, Task, Parallel and Map.</summary>
    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public AssignBlock? Assign { get; init; }

    /// <summary>JSONata <c>Arguments</c> (an expression string or a JSON value with embedded expressions).</summary>
    public JsonNode? Arguments { get; init; }

    /// <summary>JSONata <c>Output</c>.</summary>
    public JsonNode? Output { get; init; }

    public virtual IEnumerable<StateGraph> ChildGraphs => [];

    /// <summary>The StateEntered event type, such as <c>TaskStateEntered</c>.</summary>
    public string EnteredEventType => field ??= Type + "StateEntered";

    /// <summary>The StateExited event type, such as <c>TaskStateExited</c>.</summary>
    public string ExitedEventType => field ??= Type + "StateExited";

    /// <summary>Runs the state's own logic on its raw input and returns where to go next.</summary>
    public abstract Task<StateOutcome> RunAsync(StateRun run);

    /// <summary>The outcome that moves on to <see cref="Next"/> or ends the graph.</summary>
    protected StateOutcome Transition(JsonNode? output) => End ? StateOutcome.EndWith(output) : StateOutcome.GoTo(Next!, output);
}

/// <summary>An <c>Assign</c> block: a payload template in JSONPath states, a JSONata value in JSONata states.</summary>
internal sealed class AssignBlock(JsonObject raw, PayloadTemplate? template)
{
    public JsonObject Raw { get; } = raw;

    public PayloadTemplate? Template { get; } = template;
}

/// <summary>What a state produced: its output and the next state, or a failure.</summary>
internal readonly record struct StateOutcome(JsonNode? Output, string? Next, string? Error, string? Cause, bool Failed)
{
    public static StateOutcome GoTo(string next, JsonNode? output) => new(output, next, null, null, false);

    public static StateOutcome EndWith(JsonNode? output) => new(output, null, null, null, false);

    public static StateOutcome Fail(string error, string? cause) => new(null, null, error, cause, true);
}
