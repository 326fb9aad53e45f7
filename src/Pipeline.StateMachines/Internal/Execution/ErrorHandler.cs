using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>Retry and Catch of Task, Parallel and Map states, as the ASL "Error Handling" section specifies.</summary>
internal static class ErrorHandler
{
    /// <remarks>
    /// The first retrier whose ErrorEquals matches decides: while its attempts are left, the state waits
    /// IntervalSeconds × BackoffRate^(attempts so far), capped by MaxDelaySeconds (FULL jitter draws in [0, delay]),
    /// and runs again. When it has none left, or no retrier matches, the first matching catcher applies.
    /// </remarks>
    public static async Task<StateOutcome> RunAsync(StateRun run, IReadOnlyList<Retrier> retriers, IReadOnlyList<Catcher> catchers, Func<Task<StateOutcome>> attempt)
    {
        var counts = new int[retriers.Count];
        while (true)
        {
            StatesException failure;
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (StatesException ex)
            {
                failure = ex;
            }

            var index = IndexOfRetrier(retriers, failure.Error);
            if (index >= 0 && counts[index] < retriers[index].MaxAttempts && run.Execution.SingleStep)
            {
                throw new RetriableException(failure);
            }

            if (index >= 0 && counts[index] < retriers[index].MaxAttempts)
            {
                var retrier = retriers[index];
                var delay = ComputeDelay(retrier, counts[index]);
                counts[index]++;
                run.RetryCount++;
                Log.Retrying(run.Execution.Logger, run.Execution.Request.ExecutionArn, run.State.Name, failure.Error, run.RetryCount, delay.TotalSeconds);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, run.Execution.Time, run.CancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            foreach (var catcher in catchers)
            {
                if (catcher.Matches(failure.Error))
                {
                    Log.Caught(run.Execution.Logger, run.Execution.Request.ExecutionArn, run.State.Name, failure.Error, catcher.Next);
                    run.CaughtError = (failure.Error, failure.Cause);
                    return StateOutcome.GoTo(catcher.Next, CatchOutput(run, catcher, failure));
                }
            }

            throw failure;
        }
    }

    private static int IndexOfRetrier(IReadOnlyList<Retrier> retriers, string error)
    {
        for (var i = 0; i < retriers.Count; i++)
        {
            if (retriers[i].Matches(error))
            {
                return i;
            }
        }

        return -1;
    }

    public static TimeSpan ComputeDelay(Retrier retrier, int attemptsSoFar)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, attemptsSoFar);
        if (retrier.MaxDelaySeconds is { } max)
        {
            seconds = Math.Min(seconds, max);
        }

        if (retrier.FullJitter)
        {
#pragma warning disable CA5394 // Jitter spreads retries; it is not a security feature.
            seconds *= Random.Shared.NextDouble();
#pragma warning restore CA5394
        }

        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
    }

    private static JsonNode? CatchOutput(StateRun run, Catcher catcher, StatesException failure)
    {
        var errorOutput = new JsonObject { ["Error"] = failure.Error, ["Cause"] = failure.Cause };
        if (run.State.Language == QueryLanguage.Jsonata)
        {
            return JsonataFlow.FinishCatch(run, catcher, errorOutput);
        }

        var assigned = DataFlow.EvaluateAssign(run, catcher.Assign, run.Scope(errorOutput));
        var output = DataFlow.ApplyResultPath(run, catcher.ResultPath, catcher.DiscardResult, run.Input, errorOutput);
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return output;
    }
}

/// <summary>Raised in TestState runs when a retrier would retry the failed attempt (status RETRIABLE).</summary>
internal sealed class RetriableException : Exception
{
    public RetriableException(StatesException failure)
        : base(failure.Cause ?? failure.Error, failure)
    {
        Failure = failure;
    }

    public RetriableException()
        : this(new StatesException())
    {
    }

    public RetriableException(string message)
        : this(new StatesException(message))
    {
    }

    public RetriableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new StatesException(message);
    }

    public StatesException Failure { get; }
}
