using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Tests.Support;

/// <summary>A task handler whose behaviour per resource is set by the test; it records every request.</summary>
public sealed class ScriptedTasks : ITaskResourceHandler
{
    private readonly ConcurrentDictionary<string, Func<TaskRequest, int, Task<JsonNode?>>> scripts = new(StringComparer.Ordinal);

    public ConcurrentQueue<TaskRequest> Requests { get; } = new();

    public ScriptedTasks On(string resource, Func<TaskRequest, int, Task<JsonNode?>> script)
    {
        scripts[resource] = script;
        return this;
    }

    public ScriptedTasks Returns(string resource, string json) => On(resource, (_, _) => Task.FromResult(JsonNode.Parse(json)));

    public ScriptedTasks Echo(string resource) => On(resource, (request, _) => Task.FromResult(request.Parameters?.DeepClone()));

    public ScriptedTasks Fails(string resource, string error, string? cause = null, int times = int.MaxValue, string? thenJson = null)
        => On(resource, (_, attempt) => attempt < times ? throw new TaskFailedException(error, cause) : Task.FromResult(JsonNode.Parse(thenJson ?? "{}")));

    public async Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        var attempt = Requests.Count(r => r.Resource == request.Resource && r.StateName == request.StateName);
        Requests.Enqueue(request);
        if (!scripts.TryGetValue(request.Resource, out var script))
        {
            throw new TaskFailedException("Test.NoScript", $"No script for {request.Resource}");
        }

        return await script(request, attempt);
    }
}

/// <summary>A listener that records the events it receives.</summary>
public sealed class RecordingListener : IExecutionListener
{
    public List<HistoryEvent> Events { get; } = [];

    public ValueTask OnHistoryEventAsync(string executionArn, HistoryEvent historyEvent, CancellationToken cancellationToken)
    {
        lock (Events)
        {
            Events.Add(historyEvent);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Runs definitions on a skip-ahead clock, so waits and retries take no real time.</summary>
public static class Harness
{
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Test";
    public const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:Test:run-1";

    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static Task<ExecutionResult> RunAsync(string definition, string? input = "{}", ITaskResourceHandler? tasks = null, IExecutionListener? listener = null)
    {
        var clock = new SkipAheadTimeProvider(Start);
        var interpreter = new StateMachineInterpreter(tasks ?? new ScriptedTasks(), clock);
        return interpreter.ExecuteAsync(Request(definition, input), listener);
    }

    public static ExecutionRequest Request(string definition, string? input = "{}")
        => new(StateMachineDefinition.Parse(definition), StateMachineArn, ExecutionArn, "run-1", input);

    public static string[] Types(ExecutionResult result) => result.Events.Select(e => e.Type).ToArray();

    public static JsonNode? Output(ExecutionResult result) => result.Output is null ? null : JsonNode.Parse(result.Output);

    public static JsonObject Details(HistoryEvent historyEvent) => historyEvent.GetDetails() ?? [];
}
