using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>
/// Local SageMaker hosting: models, endpoint configurations and endpoints with SageMaker's control-plane
/// API, and invocations of the deployed models (see <see cref="SageMakerRuntimeEndpoints.MapSageMakerRuntime(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, EndpointHostingService)"/>).
/// </summary>
/// <remarks>
/// <para>
/// An endpoint is Creating while its variants' <c>model.tar.gz</c> files are downloaded from the local
/// object store, extracted under <c>workRoot/endpoints/</c> and loaded through
/// <see cref="IEndpointModelLoader"/>; then it is InService, or Failed with a <c>FailureReason</c>.
/// </para>
/// <para>
/// UpdateEndpoint is blue/green, as in SageMaker: the current configuration keeps serving while the new
/// one loads, and requests switch over at once when it is ready. If the new configuration fails to load,
/// the endpoint returns to InService on the old configuration and reports the <c>FailureReason</c>.
/// </para>
/// <para>
/// NOTE: each variant runs one copy of its model whatever its instance count; the instance counts are
/// reported as requested.
/// </para>
/// </remarks>
public sealed partial class EndpointHostingService : IAsyncDisposable
{
    /// <summary>The resource store kind of models.</summary>
    public const string ModelKind = "sagemaker/Model";

    /// <summary>The resource store kind of endpoint configurations.</summary>
    public const string EndpointConfigKind = "sagemaker/EndpointConfig";

    /// <summary>The resource store kind of endpoints.</summary>
    public const string EndpointKind = "sagemaker/Endpoint";

    private readonly IObjectStore _objectStore;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _workRoot;
    private readonly IEndpointModelLoader _loader;
    private readonly string _region;
    private readonly string _accountId;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly ConcurrentDictionary<string, EndpointRuntime> _endpoints = new(StringComparer.Ordinal);

    // Serializes endpoint state changes (create, update, delete, deployment results).
    private readonly SemaphoreSlim _controlLock = new(1, 1);

    /// <param name="workRoot">The folder under which model archives are extracted (for example <c>.pipeline/work</c>).</param>
    /// <param name="random">The source of the weighted variant choice; tests pass a seeded one. Default: <see cref="Random.Shared"/>.</param>
    public EndpointHostingService(
        IObjectStore objectStore,
        IResourceStore store,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        string workRoot,
        IEndpointModelLoader loader,
        string region,
        string accountId,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(objectStore);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(workRoot);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        _objectStore = objectStore;
        _store = store;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<EndpointHostingService>();
        _workRoot = Path.GetFullPath(workRoot);
        _loader = loader;
        _region = region;
        _accountId = accountId;
        _random = random ?? Random.Shared;
    }

    /// <summary>
    /// Reads the alarms of <c>AutoRollbackConfiguration</c> during blue/green updates. When null, alarms are
    /// not watched and a warning is logged for each update that names some.
    /// </summary>
    public IEndpointAlarmMonitor? AlarmMonitor { get; init; }

    /// <summary>How often alarms are read while traffic shifts. Default 1 second.</summary>
    public TimeSpan AlarmPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Receives the <c>AWS/SageMaker</c> invocation metrics of every request (Invocations, Invocation4XXErrors,
    /// Invocation5XXErrors, ModelLatency), so that alarms on them can roll blue/green updates back. None when null.
    /// </summary>
    public CloudWatch.LocalMetricStore? Metrics { get; init; }

    /// <summary>Raised with the endpoint name and the green share each time a blue/green update shifts traffic; tests wait on it.</summary>
    internal event Action<string, double>? TrafficShifted;

    /// <summary>The account id that error messages and ARNs name.</summary>
    public string AccountId => _accountId;

    /// <summary>The region that ARNs name.</summary>
    public string Region => _region;

    /// <summary>Adds the hosting operations to <paramref name="registry"/> under the signing name <c>sagemaker</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("sagemaker", "CreateModel", CreateModelAsync);
        registry.Register("sagemaker", "DescribeModel", DescribeModelAsync);
        registry.Register("sagemaker", "DeleteModel", DeleteModelAsync);
        registry.Register("sagemaker", "ListModels", ListModelsAsync);
        registry.Register("sagemaker", "CreateEndpointConfig", CreateEndpointConfigAsync);
        registry.Register("sagemaker", "DescribeEndpointConfig", DescribeEndpointConfigAsync);
        registry.Register("sagemaker", "DeleteEndpointConfig", DeleteEndpointConfigAsync);
        registry.Register("sagemaker", "ListEndpointConfigs", ListEndpointConfigsAsync);
        registry.Register("sagemaker", "CreateEndpoint", CreateEndpointAsync);
        registry.Register("sagemaker", "UpdateEndpoint", UpdateEndpointAsync);
        registry.Register("sagemaker", "DescribeEndpoint", DescribeEndpointAsync);
        registry.Register("sagemaker", "DeleteEndpoint", DeleteEndpointAsync);
        registry.Register("sagemaker", "ListEndpoints", ListEndpointsAsync);
        registry.Register("sagemaker", "UpdateEndpointWeightsAndCapacities", UpdateEndpointWeightsAndCapacitiesAsync);
    }

    /// <summary>Stops deployments in progress and releases every loaded model; endpoint records stay in the store.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var runtime in _endpoints.Values)
        {
            await runtime.Lifetime.CancelAsync().ConfigureAwait(false);
        }

        foreach (var runtime in _endpoints.Values)
        {
            await WaitQuietlyAsync(runtime.Operation).ConfigureAwait(false);
            runtime.Current?.Retire();
            runtime.Current = null;
            runtime.Split = null;
            runtime.Dispose();
        }

        _endpoints.Clear();
        _controlLock.Dispose();
    }

    private string Arn(string resourceType, string name) => SageMakerArns.Build(_region, _accountId, resourceType, name);

    private decimal Now() => SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());

    private static async Task WaitQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The deployment logged its own failure; shutdown only waits for it to end.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
