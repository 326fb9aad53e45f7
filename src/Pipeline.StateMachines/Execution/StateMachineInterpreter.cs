using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.StateMachines.Internal;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>
/// Runs Amazon States Language state machines: every state type, Retry and Catch, the context object, intrinsic
/// functions, JSONata, variables, and an execution history with the event types and ids of GetExecutionHistory.
/// One interpreter can run many executions at once; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class StateMachineInterpreter
{
    private readonly ITaskResourceHandler tasks;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly TaskTokenRegistry tokens = new();
    private readonly ConcurrentDictionary<string, ExecutionControl> running = new(StringComparer.Ordinal);

    public StateMachineInterpreter(ITaskResourceHandler tasks, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.tasks = tasks;
        this.timeProvider = timeProvider;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StateMachineInterpreter>();
    }

    /// <summary>Reads the items of Map states that have an ItemReader (S3 in AWS); null fails such states with States.ItemReaderFailed.</summary>
    public IMapItemReader? ItemReader { get; init; }

    /// <summary>Writes the results of Map states that have a ResultWriter; null fails such states with States.ResultWriterFailed.</summary>
    public IMapResultWriter? ResultWriter { get; init; }

    /// <summary>
    /// Runs an execution to its end and returns its status, output or error, and history. Invalid input JSON
    /// throws <see cref="ArgumentException"/> (StartExecution's InvalidExecutionInput). Canceling
    /// <paramref name="cancellationToken"/> aborts the execution (ExecutionAborted) and returns its result.
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, IExecutionListener? listener = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A redriven execution keeps the input it was started with.
        var originalInput = request.RedriveFrom is { Count: > 0 } history ? history[0].Details?["input"]?.GetValue<string>() : null;
        var input = ParseInput(originalInput ?? request.Input);
        using var control = new ExecutionControl(cancellationToken);
        if (!running.TryAdd(request.ExecutionArn, control))
        {
            throw new InvalidOperationException($"The execution '{request.ExecutionArn}' is already running. Use a new execution ARN.");
        }

        try
        {
            using var run = new ExecutionRun(request, request.Definition.Graph, input, timeProvider, tasks, listener, tokens, logger, request.RedriveFrom, control.Token)
            {
                ItemReader = ItemReader,
                ResultWriter = ResultWriter,
            };
            if (request.Definition.TimeoutSeconds is { } timeout)
            {
                control.StartTimeout(TimeSpan.FromSeconds(timeout), timeProvider);
            }

            return request.RedriveFrom is { Count: > 0 }
                ? await RedriveAsync(run, control).ConfigureAwait(false)
                : await RunAsync(run, control).ConfigureAwait(false);
        }
        finally
        {
            running.TryRemove(request.ExecutionArn, out _);
        }
    }

    /// <summary>Stops a running execution; it ends with ExecutionAborted. Returns false when it is not running here.</summary>
    public bool StopExecution(string executionArn, string? error, string? cause)
    {
        ArgumentNullException.ThrowIfNull(executionArn);
        if (!running.TryGetValue(executionArn, out var control))
        {
            return false;
        }

        Log.ExecutionStopped(logger, executionArn, error);
        control.Stop(error, cause);
        return true;
    }

    /// <summary>Completes a <c>.waitForTaskToken</c> task with <paramref name="output"/> (JSON text). False when the token is unknown.</summary>
    public bool SendTaskSuccess(string taskToken, string output)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        ArgumentNullException.ThrowIfNull(output);
        JsonNode? parsed;
        try
        {
            parsed = JsonText.Parse(output);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The task output is not valid JSON: {ex.Message}", nameof(output), ex);
        }

        return tokens.Succeed(taskToken, parsed);
    }

    /// <summary>Fails a <c>.waitForTaskToken</c> task with an error name and cause. False when the token is unknown.</summary>
    public bool SendTaskFailure(string taskToken, string? error, string? cause)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        return tokens.Fail(taskToken, error ?? string.Empty, cause);
    }

    /// <summary>Restarts the heartbeat timer of a <c>.waitForTaskToken</c> task. False when the token is unknown.</summary>
    public bool SendTaskHeartbeat(string taskToken)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        return tokens.Heartbeat(taskToken);
    }

    /// <summary>True while the execution runs in this interpreter.</summary>
    public bool IsRunning(string executionArn) => running.ContainsKey(executionArn);

    private static JsonNode? ParseInput(string? input)
    {
        if (input is null)
        {
            return new JsonObject();
        }

        try
        {
            return JsonText.Parse(input);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Invalid State Machine Execution Input: the input is not valid JSON ({ex.Message}). Pass a JSON document such as {{}}.", nameof(input), ex);
        }
    }

    private async Task<ExecutionResult> RunAsync(ExecutionRun run, ExecutionControl control)
    {
        var request = run.Request;
        Log.ExecutionStarted(logger, request.ExecutionArn);
        var input = run.Input;
        var roleArn = request.RoleArn;
        var branch = new BranchContext(0, new VariableScope(null), run.CancellationToken);
        await run.AppendAsync(branch, HistoryEventTypes.ExecutionStarted, () =>
        {
            var details = new JsonObject
            {
                ["input"] = JsonText.Serialize(input),
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
            };
            if (roleArn is not null)
            {
                details["roleArn"] = roleArn;
            }

            return details;
        }).ConfigureAwait(false);
        return await FinishAsync(run, control, branch, () => GraphRunner.RunAsync(run, run.Graph, branch, input)).ConfigureAwait(false);
    }
}
