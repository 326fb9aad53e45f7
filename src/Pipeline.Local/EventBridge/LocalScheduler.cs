using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Persistence;
using Pipeline.Local.Template;

namespace Pipeline.Local.EventBridge;

/// <summary>The state of one schedule: when it began counting, when it fires next, and how its last firing went.</summary>
/// <param name="Start">When the schedule began; rate expressions count their intervals from it.</param>
/// <param name="NextFireTime">The next scheduled time; null when the schedule is disabled or has no occurrence left.</param>
/// <param name="LastResult"><c>succeeded</c>, or <c>failed: </c> and the error, of the last firing.</param>
public sealed record ScheduleState(ScheduleResource Schedule, DateTimeOffset Start, DateTimeOffset? NextFireTime, DateTimeOffset? LastFireTime, string? LastResult);

/// <summary>One firing of a schedule: its scheduled time and what delivering the event did.</summary>
public sealed record ScheduleFiring(ScheduleResource Schedule, DateTimeOffset ScheduledTime, TargetDelivery Delivery);

/// <summary>
/// Runs the template's schedules on the runtime's clock: each enabled schedule fires at its occurrences and
/// delivers a <c>Scheduled Event</c> (or its Input) to its target. The schedule state is kept in the
/// resource store, so a schedule keeps its rhythm across restarts of <c>pipeline up</c>.
/// </summary>
/// <remarks>
/// When the clock has passed several occurrences since the last tick (the machine slept, or no <c>up</c>
/// ran), the schedule fires once for the latest of them and continues from there. EventBridge itself never
/// pauses, so it has no such catch-up.
/// </remarks>
public sealed partial class LocalScheduler : IDisposable
{
    /// <summary>The resource store kind of schedule states.</summary>
    public const string StateKind = "events/Schedule";

    private readonly IReadOnlyList<ScheduleResource> _schedules;
    private readonly EventTargetInvoker _invoker;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly DeploymentEnvironment _environment;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, ScheduleState> _states = new(StringComparer.Ordinal);

    public LocalScheduler(IEnumerable<ScheduleResource> schedules, EventTargetInvoker invoker, IResourceStore store, TimeProvider timeProvider, DeploymentEnvironment environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _schedules = schedules.ToList();
        _invoker = invoker;
        _store = store;
        _timeProvider = timeProvider;
        _environment = environment;
        _logger = loggerFactory.CreateLogger<LocalScheduler>();
    }

    /// <summary>Raised after each firing's delivery ends.</summary>
    public event Action<ScheduleFiring>? Fired;

    /// <summary>
    /// Reads the stored state of each schedule. A schedule seen for the first time, or whose expression changed,
    /// starts counting now; the others keep their next fire time.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var schedule in _schedules)
            {
                var stored = await _store.GetAsync(StateKind, KeyOf(schedule), cancellationToken).ConfigureAwait(false);
                var state = FromDocument(schedule, stored);
                if (state is null)
                {
                    state = new ScheduleState(schedule, now, null, null, null);
                    state = state with { NextFireTime = schedule.Enabled ? NextAfter(state, now) : null };

                    // Stored at once, so a restart before the first firing keeps the rhythm of rate expressions.
                    await _store.PutAsync(StateKind, KeyOf(schedule), ToDocument(state), cancellationToken).ConfigureAwait(false);
                }
                else if (!schedule.Enabled)
                {
                    // Stored, so enabling the schedule later starts it from then instead of firing for a time it missed.
                    state = state with { NextFireTime = null };
                    await _store.PutAsync(StateKind, KeyOf(schedule), ToDocument(state), cancellationToken).ConfigureAwait(false);
                }
                else if (state.NextFireTime is null)
                {
                    // A schedule enabled again fires at its next occurrence after now, not for the time it was disabled.
                    state = state with { NextFireTime = NextAfter(state, now) };
                }

                _states[KeyOf(schedule)] = state;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Returns the state of every schedule, in template order.</summary>
    public IReadOnlyList<ScheduleState> States
    {
        get
        {
            _lock.Wait();
            try
            {
                return _schedules.Select(schedule => _states.TryGetValue(KeyOf(schedule), out var state) ? state : new ScheduleState(schedule, default, null, null, null)).ToList();
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>
    /// Fires every enabled schedule whose next fire time has come, once each, and returns the firings after their
    /// deliveries end. The next fire time moves past the clock before the deliveries start.
    /// </summary>
    public async Task<IReadOnlyList<ScheduleFiring>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var due = new List<(ScheduleResource Schedule, DateTimeOffset Time)>();
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var (key, state) in _states.ToList())
            {
                if (!state.Schedule.Enabled || state.NextFireTime is not { } time || time > now)
                {
                    continue;
                }

                // Several missed occurrences collapse into one firing for the latest of them.
                var latest = time;
                while (NextAfter(state, latest) is { } later && later <= now)
                {
                    latest = later;
                }

                var next = NextAfter(state, now);
                var advanced = state with { NextFireTime = next, LastFireTime = latest };
                _states[key] = advanced;
                await _store.PutAsync(StateKind, key, ToDocument(advanced), cancellationToken).ConfigureAwait(false);
                due.Add((state.Schedule, latest));
                Log.ScheduleFiring(_logger, state.Schedule.Name, state.Schedule.Expression.Text, latest, state.Schedule.Target.Kind.ToString(), state.Schedule.Target.LogicalId);
                if (next is { } nextTime)
                {
                    Log.ScheduleNext(_logger, state.Schedule.Name, nextTime);
                }
            }
        }
        finally
        {
            _lock.Release();
        }

        var firings = await Task.WhenAll(due.Select(item => FireAsync(item.Schedule, item.Time, cancellationToken))).ConfigureAwait(false);
        return firings;
    }

    /// <summary>Returns the time the next enabled schedule fires, or null when none will.</summary>
    public DateTimeOffset? NextFireTime() => States.Where(state => state.Schedule.Enabled).Min(state => state.NextFireTime);

    private async Task<ScheduleFiring> FireAsync(ScheduleResource schedule, DateTimeOffset scheduledTime, CancellationToken cancellationToken)
    {
        var delivery = await _invoker.DeliverAsync(schedule.Target, Payload(schedule, scheduledTime), $"schedule {schedule.Name}", cancellationToken).ConfigureAwait(false);
        var result = delivery.Succeeded ? "succeeded" : "failed: " + Shorten(delivery.Error!);
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var key = KeyOf(schedule);
            var state = _states[key] with { LastResult = result };
            _states[key] = state;
            await _store.PutAsync(StateKind, key, ToDocument(state), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }

        var firing = new ScheduleFiring(schedule, scheduledTime, delivery);
        Fired?.Invoke(firing);
        return firing;
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    /// <summary>Returns the next occurrence after <paramref name="after"/> within the schedule's StartDate and EndDate.</summary>
    private static DateTimeOffset? NextAfter(ScheduleState state, DateTimeOffset after)
    {
        var schedule = state.Schedule;
        var start = schedule.StartDate ?? state.Start;
        var from = schedule.StartDate is { } startDate && startDate > after ? startDate.AddTicks(-1) : after;
        var next = schedule.Expression.GetNextOccurrence(from, start);
        return next is { } time && schedule.EndDate is { } end && time > end ? null : next;
    }

    private static string KeyOf(ScheduleResource schedule) => schedule.Arn + "#" + schedule.Target.LogicalId;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static JsonObject ToDocument(ScheduleState state) => new()
    {
        ["arn"] = state.Schedule.Arn,
        ["target"] = state.Schedule.Target.LogicalId,
        ["expression"] = state.Schedule.Expression.Text,
        ["timeZone"] = state.Schedule.Expression.TimeZone.Id,
        ["start"] = Format(state.Start),
        ["next"] = state.NextFireTime is { } next ? Format(next) : null,
        ["last"] = state.LastFireTime is { } last ? Format(last) : null,
        ["lastResult"] = state.LastResult,
    };

    /// <summary>Reads a stored state; null when there is none or it belongs to another expression or time zone.</summary>
    private static ScheduleState? FromDocument(ScheduleResource schedule, JsonObject? document)
    {
        if (document is null
            || (string?)document["expression"] != schedule.Expression.Text
            || (string?)document["timeZone"] != schedule.Expression.TimeZone.Id
            || Parse(document["start"]) is not { } start)
        {
            return null;
        }

        return new ScheduleState(schedule, start, Parse(document["next"]), Parse(document["last"]), (string?)document["lastResult"]);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
