namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>
/// Reads CloudWatch alarm states for the auto-rollback of blue/green endpoint updates
/// (<c>DeploymentConfig.AutoRollbackConfiguration.Alarms</c>).
/// </summary>
public interface IEndpointAlarmMonitor
{
    /// <summary>Returns the alarm's <c>StateValue</c> (<c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>), or null when no such alarm exists.</summary>
    Task<string?> GetAlarmStateAsync(string alarmName, CancellationToken cancellationToken);
}
