namespace Pipeline.Local.Glue.Internal;

/// <summary>A job run executing in this process: its stop signal and its completion.</summary>
internal sealed class ActiveRun : IDisposable
{
    public ActiveRun(GlueJobDefinition job, string runId, int timeoutMinutes)
    {
        Job = job;
        RunId = runId;
        TimeoutMinutes = timeoutMinutes;
    }

    public GlueJobDefinition Job { get; }

    public string RunId { get; }

    public int TimeoutMinutes { get; }

    /// <summary>Canceled by <c>BatchStopJobRun</c>.</summary>
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Completes when the run has recorded its final state.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task? Completion { get; set; }

    public void Dispose() => Stop.Dispose();
}
