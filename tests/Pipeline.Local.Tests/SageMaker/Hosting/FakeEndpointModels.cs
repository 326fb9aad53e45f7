using System.Collections.Concurrent;
using System.Text;
using Pipeline.Local.SageMaker.Hosting;

namespace Pipeline.Local.Tests.SageMaker.Hosting;

/// <summary>
/// Loads a <see cref="FakeEndpointModel"/> whose label is the content of <c>label.txt</c> in the extracted
/// model archive, so tests see which archive a variant serves. Loads can be held back or made to fail per label.
/// </summary>
internal sealed class FakeEndpointModelLoader : IEndpointModelLoader
{
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<FakeEndpointModel> Loaded { get; } = [];

    public ConcurrentBag<(string Directory, string Image, IReadOnlyDictionary<string, string> Environment)> Calls { get; } = [];

    /// <summary>Makes loads of <paramref name="label"/> wait until the returned source is completed.</summary>
    public TaskCompletionSource Hold(string label)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gates[label] = gate;
        return gate;
    }

    public async Task<IEndpointModel> LoadAsync(string modelDirectory, string image, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Calls.Add((modelDirectory, image, environment));
        var label = (await File.ReadAllTextAsync(Path.Combine(modelDirectory, "label.txt"), cancellationToken)).Trim();
        if (Gates.TryGetValue(label, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failures.TryGetValue(label, out var failure))
        {
            throw new InvalidOperationException(failure);
        }

        var model = new FakeEndpointModel(label, modelDirectory);
        Loaded.Add(model);
        return model;
    }
}

/// <summary>
/// Answers <c>label:body</c>; a body of <c>bad</c> raises a model error and <c>crash</c> an unexpected exception.
/// </summary>
internal sealed class FakeEndpointModel(string label, string directory) : IEndpointModel
{
    private int _invocations;

    public string Label { get; } = label;

    public string Directory { get; } = directory;

    public bool Disposed { get; private set; }

    public int Invocations => Volatile.Read(ref _invocations);

    public string? LastContentType { get; private set; }

    public string? LastAccept { get; private set; }

    public void Dispose() => Disposed = true;

    public Task<EndpointResponse> InvokeAsync(string contentType, string? accept, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (Disposed)
        {
            throw new ObjectDisposedException(Label, "A disposed model was invoked.");
        }

        Interlocked.Increment(ref _invocations);
        LastContentType = contentType;
        LastAccept = accept;
        var text = Encoding.UTF8.GetString(body.Span);
        return text switch
        {
            "bad" => throw new ModelErrorException("Feature count mismatch: expected 30 columns, got 2"),
            "crash" => throw new InvalidOperationException("native library crashed"),
            _ => Task.FromResult(new EndpointResponse(accept ?? "text/csv", Encoding.UTF8.GetBytes($"{Label}:{text}"))),
        };
    }
}
