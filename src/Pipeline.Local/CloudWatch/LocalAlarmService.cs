using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.EventBridge;
using Pipeline.Local.Persistence;
using Pipeline.Local.Template;

namespace Pipeline.Local.CloudWatch;

/// <summary>An alarm's current state, as DescribeAlarms reports it.</summary>
public sealed record AlarmStateRecord(AlarmResource Alarm, string StateValue, string StateReason, DateTimeOffset StateUpdatedTimestamp);

/// <summary>One change of an alarm's state, with the deliveries of the state change event to the rules that matched it.</summary>
public sealed record AlarmTransition(AlarmResource Alarm, string PreviousState, string State, string Reason, IReadOnlyList<RuleDelivery> Deliveries);

/// <summary>
/// The local CloudWatch alarms of the template and those made by <c>PutMetricAlarm</c>: evaluated against <see cref="LocalMetricStore"/> every
/// <see cref="EvaluationInterval"/>, with their states kept in the resource store. A state change is sent to the
/// event bus as a <c>CloudWatch Alarm State Change</c> event, as CloudWatch sends it to EventBridge.
/// </summary>
public sealed partial class LocalAlarmService : IDisposable
{
    /// <summary>The resource store kind of alarm states.</summary>
    public const string StateKind = "cloudwatch/Alarm";

    // Replaced whole under the lock when PutMetricAlarm adds or changes an alarm, so readers need no lock.
    private volatile AlarmResource[] _alarms;
    private readonly LocalMetricStore _metrics;
    private readonly LocalEventBus _eventBus;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly DeploymentEnvironment _environment;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public LocalAlarmService(
        IEnumerable<AlarmResource> alarms,
        LocalMetricStore metrics,
        LocalEventBus eventBus,
        IResourceStore store,
        TimeProvider timeProvider,
        DeploymentEnvironment environment,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(eventBus);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _alarms = [.. alarms];
        _metrics = metrics;
        _eventBus = eventBus;
        _store = store;
        _timeProvider = timeProvider;
        _environment = environment;
        _logger = loggerFactory.CreateLogger<LocalAlarmService>();
    }

    /// <summary>How often the loop of <see cref="RunAsync"/> evaluates every alarm; CloudWatch evaluates each minute.</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<AlarmResource> Alarms => _alarms;

    /// <summary>
    /// Adds the alarms that <c>PutMetricAlarm</c> made in earlier processes on the state folder, and stores the state of
    /// each alarm seen for the first time: INSUFFICIENT_DATA, as a new CloudWatch alarm starts.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await RestorePutAlarmsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var alarm in _alarms)
        {
            var initial = new AlarmStateRecord(alarm, AlarmStates.InsufficientData, "Unchecked: Initial alarm creation", _timeProvider.GetUtcNow());
            await _store.TryAddAsync(StateKind, alarm.AlarmName, ToDocument(initial), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the state of every alarm.</summary>
    public async Task<IReadOnlyList<AlarmStateRecord>> GetStatesAsync(CancellationToken cancellationToken = default)
    {
        await RestorePutAlarmsAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<AlarmStateRecord>();
        foreach (var alarm in _alarms)
        {
            states.Add(await GetStateAsync(alarm, cancellationToken).ConfigureAwait(false));
        }

        return states;
    }

    /// <summary>Evaluates every alarm now and returns the state changes, after their events are delivered.</summary>
    public async Task<IReadOnlyList<AlarmTransition>> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var changes = new List<(AlarmStateRecord Previous, AlarmStateRecord Current)>();
        await RestorePutAlarmsAsync(cancellationToken).ConfigureAwait(false);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var alarm in _alarms)
            {
                var previous = await GetStateAsync(alarm, cancellationToken).ConfigureAwait(false);
                var period = TimeSpan.FromSeconds(alarm.PeriodSeconds);
                var from = AlarmEvaluator.NewestCompletePeriodStart(now, period) - (period * (alarm.EvaluationPeriods - 1));
                var points = _metrics.Query(alarm.Namespace, alarm.MetricName, alarm.Dimensions, from, AlarmEvaluator.PeriodStart(now, period));
                var evaluation = AlarmEvaluator.Evaluate(alarm, points, now, previous.StateValue);
                if (evaluation.State == previous.StateValue)
                {
                    continue;
                }

                var current = new AlarmStateRecord(alarm, evaluation.State, evaluation.Reason, now);
                await SaveAsync(current, cancellationToken).ConfigureAwait(false);
                var level = current.StateValue == AlarmStates.Alarm ? LogLevel.Warning : LogLevel.Information;
                Log.AlarmStateChanged(_logger, level, alarm.AlarmName, previous.StateValue, current.StateValue, current.StateReason);
                changes.Add((previous, current));
            }
        }
        finally
        {
            _lock.Release();
        }

        return await PublishAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the <c>StateValue</c> of the alarm named <paramref name="alarmName"/>, or null when there is none by that name.</summary>
    public async Task<string?> GetAlarmStateAsync(string alarmName, CancellationToken cancellationToken = default)
    {
        await RestorePutAlarmsAsync(cancellationToken).ConfigureAwait(false);
        var alarm = _alarms.FirstOrDefault(candidate => candidate.AlarmName == alarmName);
        return alarm is null ? null : (await GetStateAsync(alarm, cancellationToken).ConfigureAwait(false)).StateValue;
    }

    /// <summary>Sets an alarm's state until the next evaluation, as <c>SetAlarmState</c> does, and sends the state change event.</summary>
    public async Task<AlarmTransition?> SetAlarmStateAsync(string alarmName, string stateValue, string stateReason, CancellationToken cancellationToken = default)
    {
        await RestorePutAlarmsAsync(cancellationToken).ConfigureAwait(false);
        var alarm = _alarms.FirstOrDefault(candidate => candidate.AlarmName == alarmName)
            ?? throw new Services.AwsServiceException("ResourceNotFound", $"The alarm {alarmName} does not exist. The alarms are: {string.Join(", ", _alarms.Select(a => a.AlarmName))}.", System.Net.HttpStatusCode.NotFound);
        if (!AlarmStates.IsValid(stateValue))
        {
            throw new Services.AwsServiceException("InvalidParameterValue", $"The StateValue '{stateValue}' is invalid. Use OK, ALARM or INSUFFICIENT_DATA.");
        }

        (AlarmStateRecord Previous, AlarmStateRecord Current) change;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = await GetStateAsync(alarm, cancellationToken).ConfigureAwait(false);
            var current = new AlarmStateRecord(alarm, stateValue, stateReason, _timeProvider.GetUtcNow());
            await SaveAsync(current, cancellationToken).ConfigureAwait(false);
            Log.AlarmStateSet(_logger, alarmName, stateValue, stateReason);
            if (previous.StateValue == stateValue)
            {
                return null;
            }

            change = (previous, current);
        }
        finally
        {
            _lock.Release();
        }

        return (await PublishAsync([change], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    private async Task<IReadOnlyList<AlarmTransition>> PublishAsync(List<(AlarmStateRecord Previous, AlarmStateRecord Current)> changes, CancellationToken cancellationToken)
    {
        var transitions = new List<AlarmTransition>();
        foreach (var (previous, current) in changes)
        {
            var deliveries = await _eventBus.PublishAsync(StateChangeEvent(previous, current), cancellationToken).ConfigureAwait(false);
            transitions.Add(new AlarmTransition(current.Alarm, previous.StateValue, current.StateValue, current.StateReason, deliveries));
        }

        return transitions;
    }

    private async Task<AlarmStateRecord> GetStateAsync(AlarmResource alarm, CancellationToken cancellationToken)
    {
        var document = await _store.GetAsync(StateKind, alarm.AlarmName, cancellationToken).ConfigureAwait(false);
        if (document?["stateValue"]?.GetValue<string>() is { } state && AlarmStates.IsValid(state)
            && DateTimeOffset.TryParse(document["stateUpdated"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
        {
            return new AlarmStateRecord(alarm, state, document["stateReason"]?.GetValue<string>() ?? string.Empty, updated);
        }

        return new AlarmStateRecord(alarm, AlarmStates.InsufficientData, "Unchecked: Initial alarm creation", _timeProvider.GetUtcNow());
    }

    private Task SaveAsync(AlarmStateRecord state, CancellationToken cancellationToken) =>
        _store.PutAsync(StateKind, state.Alarm.AlarmName, ToDocument(state), cancellationToken);

    private static JsonObject ToDocument(AlarmStateRecord state) =>
        new()
        {
            ["alarmName"] = state.Alarm.AlarmName,
            ["alarmArn"] = state.Alarm.Arn,
            ["stateValue"] = state.StateValue,
            ["stateReason"] = state.StateReason,
            ["stateUpdated"] = state.StateUpdatedTimestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
}
