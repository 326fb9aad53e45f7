using Microsoft.Extensions.Logging;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>One loaded production variant of a deployment.</summary>
internal sealed record LiveVariant(string VariantName, string ModelName, string Image, string InstanceType, IEndpointModel Model);

/// <summary>
/// The loaded models of one endpoint configuration on one endpoint, with a reference count so that a
/// replaced deployment is disposed only after its last in-flight request has finished.
/// </summary>
/// <remarks>
/// The count starts at 1 for the endpoint's own reference, which <see cref="Retire"/> releases. A request
/// holds a reference from <see cref="TryAcquire"/> to <see cref="Release"/>; when the count reaches 0 the
/// models are disposed and the extraction folder is deleted.
/// </remarks>
internal sealed class LiveDeployment
{
    private readonly ILogger _logger;
    private readonly string _endpointName;
    private int _references = 1;
    private volatile VariantWeights _weights;

    public LiveDeployment(string endpointName, string endpointConfigName, IReadOnlyList<LiveVariant> variants, VariantWeights weights, string directory, ILogger logger)
    {
        _endpointName = endpointName;
        EndpointConfigName = endpointConfigName;
        Variants = variants;
        _weights = weights;
        Directory = directory;
        _logger = logger;
    }

    public string EndpointConfigName { get; }

    public IReadOnlyList<LiveVariant> Variants { get; }

    /// <summary>The current weights and instance counts, replaced as a whole by UpdateEndpointWeightsAndCapacities.</summary>
    public VariantWeights Weights
    {
        get => _weights;
        set => _weights = value;
    }

    public string Directory { get; }

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            DisposeModels();
        }
    }

    /// <summary>Releases the endpoint's reference; the models go once no request uses them.</summary>
    public void Retire() => Release();

    private void DisposeModels()
    {
        foreach (var variant in Variants)
        {
            try
            {
                variant.Model.Dispose();
            }
#pragma warning disable CA1031 // A model that fails to dispose must not stop the others from being released.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.EndpointModelReleaseFailed(_logger, exception, _endpointName);
            }
        }

        ModelArchive.TryDeleteFolder(Directory, _logger, _endpointName);
    }
}

/// <summary>Weights and instance counts of the variants of a deployment, in variant order.</summary>
internal sealed record VariantWeights(IReadOnlyList<double> Weights, IReadOnlyList<int> InstanceCounts);
