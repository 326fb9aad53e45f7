namespace Pipeline.Local.SageMaker.Training;

/// <summary>The in-process state of a job that is running: how to stop it, when it ends, and its metrics so far.</summary>
internal sealed class RunningJob(string name) : IDisposable
{
    public string Name { get; } = name;

    /// <summary>Fires on StopTrainingJob or when the service shuts down.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricSeries Metrics { get; } = new();

    public void Dispose() => Stop.Dispose();
}
