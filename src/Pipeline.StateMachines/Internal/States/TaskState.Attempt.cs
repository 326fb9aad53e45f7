using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>One attempt of a Task state: the Task* (or LambdaFunction*) events, timeouts, heartbeats and task tokens.</summary>
internal sealed partial class TaskState
{
    private async Task<JsonNode?> AttemptAsync(StateRun run, JsonNode? parameters, TimeSpan? timeout, TimeSpan? heartbeat)
    {
        var (resourceType, resource) = SplitResource();
        var parametersText = JsonText.Serialize(parameters);
        if (IsLambdaFunctionArn)
        {
            await run.AppendAsync(HistoryEventTypes.LambdaFunctionScheduled, () => WithTimeout(new JsonObject
            {
                ["resource"] = Resource,
                ["input"] = parametersText,
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
            }, timeout, null)).ConfigureAwait(false);
            await run.AppendAsync(HistoryEventTypes.LambdaFunctionStarted, null).ConfigureAwait(false);
        }
        else
        {
            var region = run.Execution.Region;
            await run.AppendAsync(HistoryEventTypes.TaskScheduled, () => WithTimeout(new JsonObject
            {
                ["resourceType"] = resourceType,
                ["resource"] = resource,
                ["region"] = region,
                ["parameters"] = parametersText,
            }, timeout, heartbeat)).ConfigureAwait(false);
            await run.AppendAsync(HistoryEventTypes.TaskStarted, () => new JsonObject { ["resourceType"] = resourceType, ["resource"] = resource }).ConfigureAwait(false);
        }

        try
        {
            var result = await InvokeAsync(run, parameters, timeout, heartbeat, resourceType, resource).ConfigureAwait(false);
            run.CheckSize(result, "The task result");
            var outputText = JsonText.Serialize(result);
            if (IsLambdaFunctionArn)
            {
                await run.AppendAsync(HistoryEventTypes.LambdaFunctionSucceeded, () => OutputDetails(outputText)).ConfigureAwait(false);
            }
            else
            {
                await run.AppendAsync(HistoryEventTypes.TaskSucceeded, () => WithResource(OutputDetails(outputText), resourceType, resource)).ConfigureAwait(false);
            }

            return result;
        }
        catch (StatesException ex) when (ex.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout)
        {
            var type = IsLambdaFunctionArn ? HistoryEventTypes.LambdaFunctionTimedOut : HistoryEventTypes.TaskTimedOut;
            await run.AppendAsync(type, () => WithResource(ErrorDetails(ex.Error, ex.Cause), resourceType, resource)).ConfigureAwait(false);
            throw;
        }
        catch (StatesException ex) when (ex.Error != StatesErrors.Runtime)
        {
            Log.TaskFailed(run.Execution.Logger, run.Execution.Request.ExecutionArn, Name, ex.Error, ex.Cause);
            var type = IsLambdaFunctionArn ? HistoryEventTypes.LambdaFunctionFailed : HistoryEventTypes.TaskFailed;
            await run.AppendAsync(type, () => WithResource(ErrorDetails(ex.Error, ex.Cause), resourceType, resource)).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<JsonNode?> InvokeAsync(StateRun run, JsonNode? parameters, TimeSpan? timeout, TimeSpan? heartbeat, string resourceType, string resource)
    {
        var time = run.Execution.Time;
        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        Task? deadline = timeout is { } limit ? Task.Delay(limit, time, attemptCancellation.Token) : null;
        TokenWaiter? waiter = null;
        if (run.TaskToken is not null)
        {
            waiter = run.Execution.Tokens.Register(run.TaskToken);
        }

        try
        {
            var submittedReported = 0;
            var request = new TaskRequest(Resource, parameters, run.Execution.Request.ExecutionArn, Name, run.BuildContext(), run.TaskToken, timeout, heartbeat)
            {
                OnSubmitted = async response =>
                {
                    if (Interlocked.Exchange(ref submittedReported, 1) == 0)
                    {
                        var text = JsonText.Serialize(response);
                        await run.AppendAsync(HistoryEventTypes.TaskSubmitted, () => WithResource(OutputDetails(text), resourceType, resource)).ConfigureAwait(false);
                    }
                },
            };
            var invocation = CallHandlerAsync(run, request, attemptCancellation.Token);
            var result = await WithDeadlineAsync(invocation, deadline, run).ConfigureAwait(false);
            if (waiter is null)
            {
                return result;
            }

            // A .waitForTaskToken task is submitted once the handler has delivered the token.
            await request.ReportSubmittedAsync(result).ConfigureAwait(false);
            return await WaitForTokenAsync(run, waiter, deadline, heartbeat, attemptCancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            if (run.TaskToken is not null)
            {
                run.Execution.Tokens.Remove(run.TaskToken);
                run.TaskToken = null;
            }

            await attemptCancellation.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode?> CallHandlerAsync(StateRun run, TaskRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await run.Execution.Tasks.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskFailedException ex)
        {
            throw new StatesException(ex.Error, ex.Cause);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not StatesException)
        {
            // An unexpected exception from the handler fails the task the way Lambda reports an unhandled exception.
            Log.HandlerCrashed(run.Execution.Logger, ex, run.Execution.Request.ExecutionArn, request.StateName);
            throw new StatesException(ex.GetType().Name, ex.Message);
        }
    }

    private static async Task<JsonNode?> WithDeadlineAsync(Task<JsonNode?> work, Task? deadline, StateRun run)
    {
        if (deadline is null)
        {
            return await work.WaitAsync(run.CancellationToken).ConfigureAwait(false);
        }

        var first = await Task.WhenAny(work, deadline).ConfigureAwait(false);
        if (first == work)
        {
            return await work.ConfigureAwait(false);
        }

        run.CancellationToken.ThrowIfCancellationRequested();
        throw new StatesException(StatesErrors.Timeout, cause: null);
    }

    private static async Task<JsonNode?> WaitForTokenAsync(StateRun run, TokenWaiter waiter, Task? deadline, TimeSpan? heartbeat, CancellationToken cancellationToken)
    {
        var time = run.Execution.Time;
        while (true)
        {
            using var beatCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var beat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter.Heartbeat = () => beat.TrySetResult();
            var heartbeatExpired = heartbeat is { } interval ? Task.Delay(interval, time, beatCancellation.Token) : Task.Delay(Timeout.Infinite, beatCancellation.Token);
            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            var tasks = deadline is null
                ? new Task[] { waiter.Completion.Task, beat.Task, heartbeatExpired, cancelled }
                : [waiter.Completion.Task, beat.Task, heartbeatExpired, cancelled, deadline];
            var first = await Task.WhenAny(tasks).ConfigureAwait(false);
            await beatCancellation.CancelAsync().ConfigureAwait(false);
            if (first == waiter.Completion.Task)
            {
                return await waiter.Completion.Task.ConfigureAwait(false);
            }

            if (first == beat.Task)
            {
                continue;
            }

            run.CancellationToken.ThrowIfCancellationRequested();
            cancellationToken.ThrowIfCancellationRequested();
            if (first == heartbeatExpired)
            {
                throw new StatesException(StatesErrors.HeartbeatTimeout, cause: null);
            }

            throw new StatesException(StatesErrors.Timeout, cause: null);
        }
    }

    private static string NewTaskToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));

    private (string ResourceType, string Resource) SplitResource()
    {
        var parts = Resource.Split(':');
        if (parts.Length >= 7 && parts[2] == "states" && parts[3].Length == 0)
        {
            return (string.Join(':', parts[5..^1]), parts[^1]);
        }

        return parts.Length >= 3 ? (parts[2], Resource) : (Resource, Resource);
    }

    private static JsonObject OutputDetails(string output) => new()
    {
        ["output"] = output,
        ["outputDetails"] = new JsonObject { ["truncated"] = false },
    };

    private static JsonObject ErrorDetails(string error, string? cause)
    {
        var details = new JsonObject { ["error"] = error };
        if (cause is not null)
        {
            details["cause"] = cause;
        }

        return details;
    }

    private JsonObject WithResource(JsonObject details, string resourceType, string resource)
    {
        if (IsLambdaFunctionArn)
        {
            return details;
        }

        var result = new JsonObject { ["resourceType"] = resourceType, ["resource"] = resource };
        foreach (var pair in details.ToList())
        {
            details.Remove(pair.Key);
            result[pair.Key] = pair.Value;
        }

        return result;
    }

    private static JsonObject WithTimeout(JsonObject details, TimeSpan? timeout, TimeSpan? heartbeat)
    {
        if (timeout is { } t)
        {
            details["timeoutInSeconds"] = (long)t.TotalSeconds;
        }

        if (heartbeat is { } h)
        {
            details["heartbeatInSeconds"] = (long)h.TotalSeconds;
        }

        return details;
    }
}
