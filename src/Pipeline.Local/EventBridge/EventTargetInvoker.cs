using Microsoft.Extensions.Logging;
using Pipeline.Local.Lambda;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Template;

namespace Pipeline.Local.EventBridge;

/// <summary>What delivering one event to one target did.</summary>
/// <param name="Invocation">For a function target, the last invocation's result.</param>
/// <param name="ExecutionArn">For a state machine target, the execution started.</param>
/// <param name="Error">Why the delivery failed, or null when it succeeded.</param>
public sealed record TargetDelivery(EventTarget Target, int Attempts, LambdaInvocationResult? Invocation, string? ExecutionArn, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Delivers schedule and rule events to their targets as EventBridge does: a function is invoked asynchronously
/// and retried twice when it fails (Lambda's retries of asynchronous invocations), and a state machine is
/// started with the payload as its input.
/// </summary>
public sealed class EventTargetInvoker
{
    /// <summary>Attempts per function delivery: the first invocation and Lambda's two retries.</summary>
    public const int MaxAttempts = 3;

    private readonly LocalLambdaService _lambda;
    private readonly StepFunctionsService _stepFunctions;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger _logger;

    /// <param name="retryDelay">The wait before the first retry; the second waits twice as long.</param>
    public EventTargetInvoker(LocalLambdaService lambda, StepFunctionsService stepFunctions, TimeProvider timeProvider, ILoggerFactory loggerFactory, TimeSpan retryDelay)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(stepFunctions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _lambda = lambda;
        _stepFunctions = stepFunctions;
        _timeProvider = timeProvider;
        _retryDelay = retryDelay;
        _logger = loggerFactory.CreateLogger<EventTargetInvoker>();
    }

    /// <summary>Delivers <paramref name="payload"/> to <paramref name="target"/>; <paramref name="trigger"/> names the schedule or rule in logs.</summary>
    public async Task<TargetDelivery> DeliverAsync(EventTarget target, string payload, string trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(payload);
        return target.Kind == EventTargetKind.Function
            ? await InvokeFunctionAsync(target, payload, trigger, cancellationToken).ConfigureAwait(false)
            : await StartExecutionAsync(target, payload, trigger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TargetDelivery> InvokeFunctionAsync(EventTarget target, string payload, string trigger, CancellationToken cancellationToken)
    {
        LambdaInvocationResult result = null!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            result = await _lambda.InvokeAsync(target.Arn, payload, cancellationToken).ConfigureAwait(false);
            if (result.FunctionError is null)
            {
                return new TargetDelivery(target, attempt, result, null, null);
            }

            Log.TargetInvocationFailed(_logger, target.LogicalId, trigger, attempt, MaxAttempts);
            if (attempt < MaxAttempts)
            {
                await Task.Delay(_retryDelay * attempt, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return new TargetDelivery(target, MaxAttempts, result, null, result.Payload);
    }

    private async Task<TargetDelivery> StartExecutionAsync(EventTarget target, string payload, string trigger, CancellationToken cancellationToken)
    {
        try
        {
            var (executionArn, _) = await _stepFunctions.StartExecutionAsync(target.Arn, name: null, payload, cancellationToken).ConfigureAwait(false);
            Log.TargetExecutionStarted(_logger, trigger, executionArn);
            return new TargetDelivery(target, 1, null, executionArn, null);
        }
        catch (AwsServiceException exception)
        {
            Log.TargetExecutionFailed(_logger, target.Arn, trigger, exception.ErrorCode, exception.Message);
            return new TargetDelivery(target, 1, null, null, $"{exception.ErrorCode}: {exception.Message}");
        }
    }
}
