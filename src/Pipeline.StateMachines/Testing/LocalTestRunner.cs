using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>What to run with <see cref="LocalTestRunner"/>.</summary>
/// <param name="Definition">The state machine definition (ASL JSON text).</param>
/// <param name="Input">The execution input (JSON text); null means <c>{}</c>.</param>
public sealed record LocalTestRequest(string Definition, string? Input)
{
    /// <summary>The state machine name: the key in the mock configuration and the last part of the ARN.</summary>
    public string StateMachineName { get; init; } = "StateMachine";

    /// <summary>The execution name, exposed as <c>$$.Execution.Name</c>.</summary>
    public string ExecutionName { get; init; } = "test";

    /// <summary>The mock configuration; null runs every Task state against <see cref="Fallback"/>.</summary>
    public MockConfiguration? Mocks { get; init; }

    /// <summary>The test case of <see cref="Mocks"/> to use; required when <see cref="Mocks"/> is set.</summary>
    public string? TestCase { get; init; }

    /// <summary>The handler for Task states that the test case does not mock; null fails them.</summary>
    public ITaskResourceHandler? Fallback { get; init; }

    /// <summary>The region and account used in the ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";
}

/// <summary>
/// Runs a definition to its end on a <see cref="SkipAheadTimeProvider"/>, with mocked Task states, as
/// <c>pipeline test</c> does: waits, retries and timeouts take no real time.
/// </summary>
public static class LocalTestRunner
{
    /// <summary>
    /// Validates and runs the definition. Throws <see cref="InvalidDefinitionException"/> for an invalid definition
    /// and <see cref="ArgumentException"/> for invalid input, an unknown state machine or an unknown test case.
    /// </summary>
    public static async Task<ExecutionResult> RunAsync(LocalTestRequest request, TimeProvider? startClock = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = StateMachineDefinition.Parse(request.Definition);
        ITaskResourceHandler tasks;
        if (request.Mocks is not null)
        {
            if (request.TestCase is null)
            {
                throw new ArgumentException("A mock configuration needs a test case. Pass the name of one of its TestCases.", nameof(request));
            }

            var known = AllStateNames(System.Text.Json.Nodes.JsonNode.Parse(request.Definition));
            var unknown = request.Mocks.GetMockedStates(request.StateMachineName, request.TestCase).Where(name => !known.Contains(name)).ToList();
            if (unknown.Count > 0)
            {
                // A misspelled state name would otherwise surface later as an unmocked Task state.
                throw new ArgumentException(
                    $"The test case '{request.TestCase}' mocks {string.Join(", ", unknown.Select(name => $"'{name}'"))}, which the definition does not have. Its states are {string.Join(", ", known.Order(StringComparer.Ordinal))}.",
                    nameof(request));
            }

            tasks = request.Mocks.CreateHandler(request.StateMachineName, request.TestCase, request.Fallback);
        }
        else
        {
            tasks = request.Fallback ?? new UnmockedTaskHandler();
        }

        var clock = new SkipAheadTimeProvider((startClock ?? TimeProvider.System).GetUtcNow());
        var interpreter = new StateMachineInterpreter(tasks, clock, loggerFactory);
        var stateMachineArn = $"arn:aws:states:{request.Region}:{request.AccountId}:stateMachine:{request.StateMachineName}";
        var executionArn = $"arn:aws:states:{request.Region}:{request.AccountId}:execution:{request.StateMachineName}:{request.ExecutionName}";
        return await interpreter.ExecuteAsync(
            new ExecutionRequest(definition, stateMachineArn, executionArn, request.ExecutionName, request.Input),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the report <c>pipeline test --json</c> prints: <c>{"status", "output"}</c> or
    /// <c>{"status", "error", "cause"}</c>, plus <c>"events"</c> in the GetExecutionHistory shape.
    /// </summary>
    public static JsonObject ToReport(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var report = new JsonObject { ["status"] = result.Status.ToAwsName() };
        if (result.Status == ExecutionStatus.Succeeded)
        {
            report["output"] = result.Output is null ? null : JsonText.Parse(result.Output);
        }
        else
        {
            report["error"] = result.Error;
            report["cause"] = result.Cause;
        }

        var events = new JsonArray();
        foreach (var historyEvent in result.Events)
        {
            events.Add(historyEvent.ToJson());
        }

        report["events"] = events;
        return report;
    }

    private sealed class UnmockedTaskHandler : ITaskResourceHandler
    {
        public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
            => throw new TaskFailedException("States.TaskFailed", $"The Task state '{request.StateName}' ({request.Resource}) has no mocked response. Pass --mock-config and --test-case to mock it.");
    }

    /// <summary>Returns the names of every state, including those inside Parallel branches and Map processors.</summary>
    private static HashSet<string> AllStateNames(System.Text.Json.Nodes.JsonNode? node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(node);
        return names;

        void Collect(System.Text.Json.Nodes.JsonNode? current)
        {
            switch (current)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "States" && value is System.Text.Json.Nodes.JsonObject states)
                        {
                            foreach (var (name, _) in states)
                            {
                                names.Add(name);
                            }
                        }

                        Collect(value);
                    }

                    break;
                case System.Text.Json.Nodes.JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item);
                    }

                    break;
            }
        }
    }
}
