namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Moves traffic to the green fleet through the steps of <paramref name="plan"/> while watching its alarms.
    /// Returns null when all traffic is on the green fleet and the waits have passed, or the reason to
    /// roll back.
    /// </summary>
    private async Task<string?> ShiftTrafficAsync(EndpointRuntime runtime, LiveDeployment green, BlueGreenPlan plan, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetUtcNow();
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var share = plan.Steps[i];
            var wait = i == plan.Steps.Count - 1 ? plan.WaitInterval + plan.TerminationWait : plan.WaitInterval;
            var end = _timeProvider.GetUtcNow() + wait;
            runtime.Split = new TrafficSplit(green, share);
            Log.EndpointTrafficShifted(_logger, runtime.Name, share * 100);
            TrafficShifted?.Invoke(runtime.Name, share);
            var reason = await WatchAsync(plan, end, started, cancellationToken).ConfigureAwait(false);
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Waits until <paramref name="end"/>, reading the alarms every <see cref="AlarmPollInterval"/>; returns a rollback reason or null.</summary>
    private async Task<string?> WatchAsync(BlueGreenPlan plan, DateTimeOffset end, DateTimeOffset started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var reason = await CheckAlarmsAsync(plan, cancellationToken).ConfigureAwait(false);
            if (reason is not null)
            {
                return reason;
            }

            var now = _timeProvider.GetUtcNow();
            if (plan.MaxExecution is { } maximum && now - started > maximum)
            {
                return $"The blue/green deployment exceeded MaximumExecutionTimeoutInSeconds ({maximum.TotalSeconds:0}), so traffic was rolled back to the previous endpoint configuration.";
            }

            if (now >= end)
            {
                return null;
            }

            var step = end - now < AlarmPollInterval ? end - now : AlarmPollInterval;
            await Task.Delay(step, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> CheckAlarmsAsync(BlueGreenPlan plan, CancellationToken cancellationToken)
    {
        if (AlarmMonitor is null)
        {
            return null;
        }

        foreach (var alarm in plan.Alarms)
        {
            if (await AlarmMonitor.GetAlarmStateAsync(alarm, cancellationToken).ConfigureAwait(false) == "ALARM")
            {
                return $"The alarm {alarm} went into ALARM during the deployment, so traffic was rolled back to the previous endpoint configuration.";
            }
        }

        return null;
    }
}
