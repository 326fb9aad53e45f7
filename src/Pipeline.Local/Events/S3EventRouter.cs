using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Lambda;
using Pipeline.Local.S3;
using Pipeline.Local.Storage;
using Pipeline.Local.Template;

namespace Pipeline.Local.Events;

/// <summary>The function invocations that one object's event caused.</summary>
public sealed record S3EventDelivery(ObjectInfo StoredObject, string EventName, string FunctionName, LambdaInvocationResult Result, int Attempts);

/// <summary>
/// Sends S3 event notifications to the functions the template subscribes to a bucket, honouring each
/// subscription's event types and key prefix/suffix rules. Delivery is asynchronous, as S3's is, and a
/// failed invocation is retried twice, as Lambda does for asynchronous invocations.
/// </summary>
public sealed class S3EventRouter
{
    /// <summary>Attempts per event: the first invocation and Lambda's two retries of an asynchronous invocation.</summary>
    public const int MaxAttempts = 3;

    private readonly LocalLambdaService _lambda;
    private readonly IReadOnlyList<(FunctionResource Function, S3EventSource Source, S3NotificationFilter Filter)> _subscriptions;
    private readonly string _region;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<S3EventDelivery>>> _deliveries = new(StringComparer.Ordinal);

    /// <param name="retryDelay">The wait before a retry; Lambda waits about a minute, then two.</param>
    public S3EventRouter(IObjectStore store, LocalLambdaService lambda, string region, TimeProvider timeProvider, ILoggerFactory loggerFactory, TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _lambda = lambda;
        _region = region;
        _timeProvider = timeProvider;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(60);
        _logger = loggerFactory.CreateLogger<S3EventRouter>();
        _subscriptions = lambda.Functions
            .SelectMany(f => f.S3Events.Select(s => (f, s, new S3NotificationFilter(s.Events, s.Prefix, s.Suffix))))
            .ToList();
        store.ObjectCreated += OnObjectCreatedAsync;
    }

    /// <summary>Returns the deliveries of the event that a put with this sequencer raised, once they end.</summary>
    public Task<IReadOnlyList<S3EventDelivery>> WaitForDeliveriesAsync(ObjectInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        return _deliveries.TryGetValue(DeliveryKey(info), out var task)
            ? task.WaitAsync(cancellationToken)
            : Task.FromResult<IReadOnlyList<S3EventDelivery>>([]);
    }

    /// <summary>Delivers one event now and waits for it, as a test or a replayed event does; returns the deliveries.</summary>
    public Task<IReadOnlyList<S3EventDelivery>> DeliverAsync(ObjectInfo info, string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        return DeliverToAllAsync(info, eventName, Targets(info, eventName), cancellationToken);
    }

    private Task OnObjectCreatedAsync(ObjectInfo info, string eventName, CancellationToken cancellationToken)
    {
        var targets = Targets(info, eventName);
        if (targets.Count > 0)
        {
            // The put returns before the functions run, as with S3; callers that need the outcome wait on the delivery.
            _deliveries[DeliveryKey(info)] = Task.Run(() => DeliverToAllAsync(info, eventName, targets, CancellationToken.None), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<S3EventDelivery>> DeliverToAllAsync(
        ObjectInfo info,
        string eventName,
        IReadOnlyList<(FunctionResource Function, S3EventSource Source)> targets,
        CancellationToken cancellationToken)
    {
        var deliveries = new List<S3EventDelivery>();
        foreach (var (function, source) in targets)
        {
            var options = new S3EventOptions { ConfigurationId = function.LogicalId + source.Name };
            var notification = new JsonObject
            {
                ["Records"] = new JsonArray(S3EventNotification.CreateRecord(info, eventName, _region, options)),
            };
            deliveries.Add(await DeliverAsync(function, info, eventName, notification.ToJsonString(), cancellationToken).ConfigureAwait(false));
        }

        return deliveries;
    }

    private async Task<S3EventDelivery> DeliverAsync(FunctionResource function, ObjectInfo info, string eventName, string payload, CancellationToken cancellationToken)
    {
        LambdaInvocationResult result = null!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Log.S3EventRouted(_logger, eventName, info.Bucket, info.Key, function.FunctionName);
            result = await _lambda.InvokeAsync(function.FunctionName, payload, cancellationToken).ConfigureAwait(false);
            if (result.FunctionError is null)
            {
                return new S3EventDelivery(info, eventName, function.FunctionName, result, attempt);
            }

            Log.S3EventDeliveryFailed(_logger, function.FunctionName, info.Bucket, info.Key, attempt, MaxAttempts);
            if (attempt < MaxAttempts)
            {
                await Task.Delay(_retryDelay * attempt, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return new S3EventDelivery(info, eventName, function.FunctionName, result, MaxAttempts);
    }

    /// <summary>Returns the subscriptions whose bucket, event types and key rules match an event.</summary>
    private List<(FunctionResource Function, S3EventSource Source)> Targets(ObjectInfo info, string eventName) =>
        _subscriptions
            .Where(s => s.Source.BucketName == info.Bucket && s.Filter.Matches(eventName, info.Key))
            .Select(s => (s.Function, s.Source))
            .ToList();

    private static string DeliveryKey(ObjectInfo info) => $"{info.Bucket}/{info.Key}@{info.Sequencer}";
}
