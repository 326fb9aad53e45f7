using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>The iterations of a Map state: concurrency limit, Map* events and the tolerated failure threshold.</summary>
internal sealed partial class MapState
{
    private const int InlineMaxConcurrency = 40;

    private readonly record struct Limits(int MaxConcurrency, double? TolerancePercentage, long? ToleranceCount);

    private Limits ResolveLimits(StateRun run, JsonNode? effective)
    {
        var concurrency = MaxConcurrency;
        if (MaxConcurrencyPath is not null)
        {
            concurrency = (int)ReadNonNegative(run, MaxConcurrencyPath, effective, "MaxConcurrencyPath");
        }
        else if (MaxConcurrencyExpression is not null)
        {
            var value = JsonataFlow.Evaluate(run, MaxConcurrencyExpression, run.Input, "MaxConcurrency");
            concurrency = JsonText.TryGetInteger(value, out var number) && number >= 0 ? (int)number
                : throw run.RuntimeError($"The value of MaxConcurrency must be a non-negative integer but was '{JsonText.Serialize(value)}'.");
        }

        var percentage = ToleratedFailurePercentage;
        if (ToleratedFailurePercentagePath is not null)
        {
            var value = DataFlow.SelectOrFail(run, ToleratedFailurePercentagePath, run.Scope(effective));
            percentage = JsonText.TryGetNumber(value, out var number) && number is >= 0 and <= 100 ? number
                : throw run.RuntimeError($"The value of ToleratedFailurePercentagePath must be a number between 0 and 100 but was '{JsonText.Serialize(value)}'.");
        }

        var count = ToleratedFailureCount;
        if (ToleratedFailureCountPath is not null)
        {
            count = ReadNonNegative(run, ToleratedFailureCountPath, effective, "ToleratedFailureCountPath");
        }

        return new Limits(concurrency, percentage, count);
    }

    private static long ReadNonNegative(StateRun run, JsonPath path, JsonNode? effective, string field)
    {
        var value = DataFlow.SelectOrFail(run, path, run.Scope(effective));
        return JsonText.TryGetInteger(value, out var number) && number >= 0 ? number
            : throw run.RuntimeError($"The value of {field} must be a non-negative integer but was '{JsonText.Serialize(value)}'.");
    }

    private async Task<JsonArray> RunIterationsAsync(StateRun run, JsonNode? effective, JsonArray items, Limits limits)
    {
        var length = items.Count;
        var startedId = await run.AppendAsync(HistoryEventTypes.MapStateStarted, () => new JsonObject { ["length"] = length }).ConfigureAwait(false);
        var outcomes = new StateOutcome[length];
        var tolerant = limits.TolerancePercentage is not null || limits.ToleranceCount is not null;
        // An inline Map runs at most 40 iterations at once in Step Functions, also when MaxConcurrency is 0 (no limit).
        var concurrency = limits.MaxConcurrency is > 0 and < InlineMaxConcurrency ? limits.MaxConcurrency : InlineMaxConcurrency;
        using var gate = new SemaphoreSlim(concurrency);

        // Without a tolerated failure threshold the first failed iteration stops the others and starts no more.
        using var iterations = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        var tasks = new List<Task>(length);
        void StopOthers()
        {
            if (!tolerant)
            {
                iterations.Cancel();
            }
        }

        for (var i = 0; i < length && !iterations.IsCancellationRequested; i++)
        {
            try
            {
                await gate.WaitAsync(iterations.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!run.CancellationToken.IsCancellationRequested)
            {
                break;
            }

            var index = i;
            tasks.Add(RunIterationAsync(run, effective, items[index], index, startedId, outcomes, gate, StopOthers, iterations.Token));
        }

        await AwaitAllAsync(tasks, run.CancellationToken).ConfigureAwait(false);
        var failure = FindFailure(outcomes, tasks.Count, limits, length);
        if (failure is { } failed)
        {
            await run.AppendAsync(HistoryEventTypes.MapStateFailed, null).ConfigureAwait(false);
            throw new StatesException(failed.Error, failed.Cause);
        }

        await run.Execution.AppendAsync(run.Branch, HistoryEventTypes.MapStateSucceeded, null, run.Execution.LastEventId).ConfigureAwait(false);
        var result = new JsonArray();
        for (var i = 0; i < length; i++)
        {
            var outcome = outcomes[i];
            result.Add(outcome.Failed ? new JsonObject { ["Error"] = outcome.Error, ["Cause"] = outcome.Cause } : JsonText.Detach(outcome.Output));
        }

        return result;
    }

    /// <summary>Waits for every task; cancellations caused by a failed sibling are expected, an execution stop is rethrown.</summary>
    internal static async Task AwaitAllAsync(IEnumerable<Task> tasks, CancellationToken executionToken)
    {
        foreach (var task in tasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!executionToken.IsCancellationRequested)
            {
            }
        }

        executionToken.ThrowIfCancellationRequested();
    }

    private async Task RunIterationAsync(StateRun run, JsonNode? effective, JsonNode? item, int index, long startedId, StateOutcome[] outcomes, SemaphoreSlim gate, Action onFailure, CancellationToken iterationToken)
    {
        try
        {
            var execution = run.Execution;
            var name = Name;
            var iterationInput = SelectItem(run, effective, item, index);
            var branch = new BranchContext(startedId, new VariableScope(run.Branch.Variables), iterationToken);
            await execution.AppendAsync(branch, HistoryEventTypes.MapIterationStarted, () => Iteration(name, index)).ConfigureAwait(false);
            var outcome = await GraphRunner.RunAsync(execution, ItemProcessor, branch, iterationInput).ConfigureAwait(false);
            outcomes[index] = outcome;
            if (outcome.Failed)
            {
                await execution.AppendAsync(branch, HistoryEventTypes.MapIterationFailed, () => Iteration(name, index)).ConfigureAwait(false);
                onFailure();
            }
            else
            {
                await execution.AppendAsync(branch, HistoryEventTypes.MapIterationSucceeded, () => Iteration(name, index)).ConfigureAwait(false);
            }
        }
        catch (StatesException ex)
        {
            outcomes[index] = StateOutcome.Fail(ex.Error, ex.Cause);
            onFailure();
        }
        catch (OperationCanceledException) when (iterationToken.IsCancellationRequested)
        {
            var name = Name;
            await run.Execution.AppendAsync(null, HistoryEventTypes.MapIterationAborted, () => Iteration(name, index), run.Execution.LastEventId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private static (string Error, string? Cause)? FindFailure(StateOutcome[] outcomes, int started, Limits limits, int length)
    {
        var failed = 0;
        (string Error, string? Cause)? first = null;
        for (var i = 0; i < started; i++)
        {
            if (outcomes[i].Failed)
            {
                failed++;
                first ??= (outcomes[i].Error!, outcomes[i].Cause);
            }
        }

        if (first is null)
        {
            return null;
        }

        if (limits.TolerancePercentage is null && limits.ToleranceCount is null)
        {
            return first;
        }

        var overCount = limits.ToleranceCount is { } count && failed > count;
        var overPercentage = limits.TolerancePercentage is { } percentage && failed * 100.0 / length > percentage;
        var exceeded = (limits.ToleranceCount, limits.TolerancePercentage) switch
        {
            (not null, not null) => overCount || overPercentage,
            (not null, null) => overCount,
            _ => overPercentage,
        };
        return exceeded
            ? (StatesErrors.ExceedToleratedFailureThreshold, $"The specified tolerated failure threshold was exceeded: {failed} of {length} iterations failed.")
            : null;
    }

    private static JsonObject Iteration(string name, int index) => new() { ["name"] = name, ["index"] = index };
}
