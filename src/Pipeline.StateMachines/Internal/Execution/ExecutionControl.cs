namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>Cancellation of one execution, with the reason: StopExecution, the state machine timeout or the caller.</summary>
internal sealed class ExecutionControl(CancellationToken callerToken) : IDisposable
{
    private readonly CancellationTokenSource source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    private CancellationTokenSource? timeout;
    private int timedOut;

    public CancellationToken Token => source.Token;

    public bool TimedOut => Volatile.Read(ref timedOut) == 1;

    public string? StopError { get; private set; }

    public string? StopCause { get; private set; }

    public void Stop(string? error, string? cause)
    {
        StopError = error;
        StopCause = cause;
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The execution ended between the lookup and the stop request; there is nothing left to stop.
        }
    }

    public void StartTimeout(TimeSpan after, TimeProvider time)
    {
        timeout = new CancellationTokenSource(after, time);
        timeout.Token.Register(() =>
        {
            Volatile.Write(ref timedOut, 1);
            source.Cancel();
        });
    }

    public void Dispose()
    {
        timeout?.Dispose();
        source.Dispose();
    }
}
