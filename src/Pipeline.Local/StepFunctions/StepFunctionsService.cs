using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Local.StepFunctions;

/// <summary>
/// The local Step Functions: the template's state machines run on the local ASL interpreter, and
/// executions with their history persist in SQLite. Serves the API operations the pipeline and the
/// AWS CLI use (StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution, ...).
/// </summary>
public sealed partial class StepFunctionsService : IAsyncDisposable
{
    /// <summary>The maximum size of execution input, in bytes of UTF-8, as Step Functions enforces it.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    private readonly Dictionary<string, (StateMachineResource Resource, StateMachineDefinition Definition, DateTimeOffset Created)> _machines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ExecutionResult>> _running = new(StringComparer.Ordinal);
    private readonly ExecutionRepository _repository;
    private readonly StateMachineInterpreter _interpreter;
    private readonly DeploymentEnvironment _environment;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();

    /// <param name="mapItems">Serves Map states' ItemReader and ResultWriter from the local buckets; without it those states fail.</param>
    public StepFunctionsService(
        StateDatabase database,
        ITaskResourceHandler tasks,
        DeploymentEnvironment environment,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        S3MapItemStore? mapItems = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _repository = new ExecutionRepository(database);
        _interpreter = new StateMachineInterpreter(tasks, timeProvider, loggerFactory) { ItemReader = mapItems, ResultWriter = mapItems };
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<StepFunctionsService>();
    }

    public StateMachineInterpreter Interpreter => _interpreter;

    /// <summary>Adds a state machine of the template; an invalid definition raises <see cref="TemplateException"/> with AWS's validation messages.</summary>
    public void AddStateMachine(StateMachineResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        StateMachineDefinition definition;
        try
        {
            definition = StateMachineDefinition.Parse(resource.Definition);
        }
        catch (InvalidDefinitionException ex)
        {
            var details = string.Join(Environment.NewLine, ex.Diagnostics.Select(d => $"  {d.Code}: {d.Message} at {d.Location}"));
            throw new TemplateException($"The definition of state machine {resource.LogicalId} ({resource.DefinitionPath ?? "inline"}) is invalid:{Environment.NewLine}{details}", ex);
        }

        _machines[resource.Arn] = (resource, definition, _timeProvider.GetUtcNow());
    }

    public IReadOnlyList<StateMachineResource> StateMachines => _machines.Values.Select(m => m.Resource).ToList();

    /// <summary>
    /// Marks executions that an ended runtime process left RUNNING as ABORTED. Does nothing while another runtime
    /// process shares the state folder, because the executions may be its own.
    /// </summary>
    public Task<int> RecoverAsync(bool otherRuntimesAlive = false, CancellationToken cancellationToken = default) =>
        otherRuntimesAlive ? Task.FromResult(0) : _repository.AbortOrphansAsync(_timeProvider.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Starts an execution. A name already used by this state machine returns the existing execution when
    /// it is still running with the same input, as Step Functions does, and raises ExecutionAlreadyExists otherwise.
    /// </summary>
    public async Task<(string ExecutionArn, DateTimeOffset StartDate)> StartExecutionAsync(string stateMachineArn, string? name, string? input, CancellationToken cancellationToken = default)
    {
        if (!_machines.TryGetValue(stateMachineArn, out var machine))
        {
            throw new AwsServiceException("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{stateMachineArn}'");
        }

        name ??= Guid.NewGuid().ToString();
        ValidateName(name);
        input ??= "{}";
        ValidateInput(input);
        var executionArn = $"arn:{_environment.Partition}:states:{_environment.Region}:{_environment.AccountId}:execution:{machine.Resource.Name}:{name}";
        var startDate = _timeProvider.GetUtcNow();
        var record = new ExecutionRecord(executionArn, stateMachineArn, name, "RUNNING", startDate, null, input, null, null, null);
        if (!await _repository.TryInsertAsync(record, cancellationToken).ConfigureAwait(false))
        {
            var existing = await _repository.GetByNameAsync(stateMachineArn, name, cancellationToken).ConfigureAwait(false);
            if (existing is { Status: "RUNNING" } && JsonTextEquals(existing.Input, input))
            {
                Log.ExecutionDuplicate(_logger, name, existing.ExecutionArn);
                return (existing.ExecutionArn, existing.StartDate);
            }

            throw new AwsServiceException("ExecutionAlreadyExists", $"Execution Already Exists: '{executionArn}'");
        }

        var request = new ExecutionRequest(machine.Definition, stateMachineArn, executionArn, name, input);
        _running[executionArn] = RunAsync(request);
        return (executionArn, startDate);
    }

    /// <summary>Waits for an execution to end and returns its record.</summary>
    public async Task<ExecutionRecord> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(executionArn, out var running))
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _repository.GetAsync(executionArn, cancellationToken).ConfigureAwait(false)
            ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{executionArn}'");
    }

    public Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        _repository.GetAsync(executionArn, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn = null, string? status = null, CancellationToken cancellationToken = default) =>
        _repository.ListAsync(stateMachineArn, status, cancellationToken);

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken = default) =>
        _repository.GetHistoryAsync(executionArn, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The interpreter records a shutdown as ExecutionAborted and returns; this only guards a task canceled before it began.
        }

        _shutdown.Dispose();
    }

    private async Task<ExecutionResult> RunAsync(ExecutionRequest request)
    {
        await Task.Yield();
        Log.ExecutionStarted(_logger, request.ExecutionArn);
        try
        {
            var result = await _interpreter.ExecuteAsync(request, _repository, _shutdown.Token).ConfigureAwait(false);
            await _repository.CompleteAsync(request.ExecutionArn, result, CancellationToken.None).ConfigureAwait(false);
            Log.ExecutionEnded(_logger, request.ExecutionArn, result.Status.ToAwsName());
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ExecutionCrashed(_logger, ex, request.ExecutionArn);
            var now = _timeProvider.GetUtcNow();
            var failed = new ExecutionResult(ExecutionStatus.Failed, null, "Local.InterpreterError", ex.ToString(), now, now, []);
            await _repository.CompleteAsync(request.ExecutionArn, failed, CancellationToken.None).ConfigureAwait(false);
            return failed;
        }
    }

    private static void ValidateName(string name)
    {
        // Execution names: 1-80 characters; no whitespace, brackets, wildcards, special or control characters.
        if (name.Length is 0 or > 80 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".Contains(c, StringComparison.Ordinal)))
        {
            throw new AwsServiceException("InvalidName", $"Invalid Name: '{name}'");
        }
    }

    private static void ValidateInput(string input)
    {
        if (Encoding.UTF8.GetByteCount(input) > MaxPayloadBytes)
        {
            throw new AwsServiceException("ValidationException", $"1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to {MaxPayloadBytes}");
        }

        try
        {
            using var document = JsonDocument.Parse(input);
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException("InvalidExecutionInput", $"Invalid State Machine Execution Input: '{ex.Message}'");
        }
    }

    private static bool JsonTextEquals(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left == right;
        }

        return JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
    }
}
