using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>
/// The live state of one endpoint in this process: its DescribeEndpoint document, the deployment that
/// serves requests, and the create or update operation in progress.
/// </summary>
/// <remarks>
/// <see cref="Document"/> and the settled signal change only under the hosting service's control lock;
/// <see cref="Current"/> is read without a lock by invocations.
/// </remarks>
internal sealed class EndpointRuntime : IDisposable
{
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LiveDeployment? _current;
    private volatile TrafficSplit? _split;

    public EndpointRuntime(string name, JsonObject document)
    {
        Name = name;
        Document = document;
    }

    public string Name { get; }

    public JsonObject Document { get; set; }

    /// <summary>The deployment that serves requests, or null before the first deployment is InService.</summary>
    public LiveDeployment? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>The green fleet of a blue/green update while traffic shifts to it, or null.</summary>
    public TrafficSplit? Split
    {
        get => _split;
        set => _split = value;
    }

    /// <summary>Cancelled when the endpoint is deleted, which stops a deployment in progress.</summary>
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>The create or update deployment running in the background, if any.</summary>
    public Task Operation { get; set; } = Task.CompletedTask;

    /// <summary>Completes when the endpoint leaves Creating or Updating.</summary>
    public Task WhenSettled => _settled.Task;

    public void MarkBusy()
    {
        if (_settled.Task.IsCompleted)
        {
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void MarkSettled() => _settled.TrySetResult();

    public void Dispose() => Lifetime.Dispose();
}
