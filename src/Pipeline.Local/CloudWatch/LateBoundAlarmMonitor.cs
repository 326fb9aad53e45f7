using Pipeline.Local.SageMaker.Hosting;

namespace Pipeline.Local.CloudWatch;

/// <summary>
/// Gives the endpoint host the states of the template's alarms, for the auto-rollback of blue/green updates. The
/// runtime sets the alarm service once it has made it. Until then, and for an alarm the template does not have,
/// the state is unknown (null), so the update is not rolled back.
/// </summary>
internal sealed class LateBoundAlarmMonitor : IEndpointAlarmMonitor
{
    public LocalAlarmService? Alarms { get; set; }

    public Task<string?> GetAlarmStateAsync(string alarmName, CancellationToken cancellationToken) =>
        Alarms is { } alarms ? alarms.GetAlarmStateAsync(alarmName, cancellationToken) : Task.FromResult<string?>(null);
}
