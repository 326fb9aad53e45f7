using Microsoft.Extensions.Logging;

namespace Pipeline.Local.EventBridge;

/// <summary>The background loop of <c>pipeline up</c>.</summary>
public sealed partial class LocalScheduler
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    /// <summary>Fires the schedules at their times until <paramref name="cancellationToken"/> is canceled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var states = States;
        Log.SchedulerStarted(_logger, states.Count(state => state.Schedule.Enabled));
        var now = _timeProvider.GetUtcNow();
        foreach (var state in states)
        {
            if (!state.Schedule.Enabled)
            {
                Log.ScheduleDisabled(_logger, state.Schedule.Name);
            }
            else if (state.NextFireTime is { } next && next < now)
            {
                Log.ScheduleMissed(_logger, state.Schedule.Name, next);
            }
            else if (state.NextFireTime is { } upcoming)
            {
                Log.ScheduleNext(_logger, state.Schedule.Name, upcoming);
            }
        }

        try
        {
            while (true)
            {
                TimeSpan wait;
                try
                {
                    await RunDueAsync(cancellationToken).ConfigureAwait(false);
                    wait = NextFireTime() is { } next ? next - _timeProvider.GetUtcNow() : Timeout.InfiniteTimeSpan;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.SchedulerTickFailed(_logger, exception, (int)RetryAfterFailure.TotalSeconds);
                    wait = RetryAfterFailure;
                }

                await Task.Delay(wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.SchedulerStopped(_logger);
        }
    }
}
