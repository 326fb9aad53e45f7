using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>The state of one running execution: its history, clock, handlers and cancellation.</summary>
internal sealed class ExecutionRun : IDisposable
{
    private readonly List<HistoryEvent> events;
    private readonly SemaphoreSlim appendLock = new(1, 1);
    private readonly IExecutionListener? listener;

    public ExecutionRun(
        ExecutionRequest request,
        StateGraph graph,
        JsonNode? input,
        TimeProvider time,
        ITaskResourceHandler tasks,
        IExecutionListener? listener,
        TaskTokenRegistry tokens,
        ILogger logger,
        IReadOnlyList<HistoryEvent>? previousEvents,
        CancellationToken cancellationToken)
    {
        Request = request;
        Graph = graph;
        Input = input;
        Time = time;
        Tasks = tasks;
        this.listener = listener;
        Tokens = tokens;
        Logger = logger;
        CancellationToken = cancellationToken;
        events = previousEvents is null ? new List<HistoryEvent>(64) : [.. previousEvents];
        StartTime = time.GetUtcNow();
    }

    public ExecutionRequest Request { get; }

    public StateGraph Graph { get; }

    /// <summary>The execution input, exposed as <c>$$.Execution.Input</c>.</summary>
    public JsonNode? Input { get; }

    public TimeProvider Time { get; }

    public ITaskResourceHandler Tasks { get; }

    public TaskTokenRegistry Tokens { get; }

    public ILogger Logger { get; }

    /// <summary>Canceled when the execution is stopped, times out or the caller cancels.</summary>
    public CancellationToken CancellationToken { get; }

    public DateTimeOffset StartTime { get; set; }

    public int RedriveCount { get; set; }

    /// <summary>
    /// True for TestState runs: a state runs once, a matching retrier reports RETRIABLE instead of waiting,
    /// and each data-flow step is recorded for inspection.
    /// </summary>
    public bool SingleStep { get; init; }

    /// <summary>The host's reader for Map states with an ItemReader; null when none is configured.</summary>
    public IMapItemReader? ItemReader { get; init; }

    /// <summary>The host's writer for Map states with a ResultWriter; null when none is configured.</summary>
    public IMapResultWriter? ResultWriter { get; init; }

    public DateTimeOffset? RedriveTime { get; set; }

    /// <summary>The region from the execution ARN (<c>arn:aws:states:REGION:...</c>), reported in TaskScheduled.</summary>
    public string Region => Request.ExecutionArn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : "us-east-1";

    public void Dispose() => appendLock.Dispose();

    public IReadOnlyList<HistoryEvent> Snapshot()
    {
        lock (events)
        {
            return [.. events];
        }
    }

    public long LastEventId
    {
        get
        {
            lock (events)
            {
                return events.Count == 0 ? 0 : events[^1].Id;
            }
        }
    }

    /// <summary>
    /// Appends an event after <paramref name="branch"/>'s last event and moves the branch cursor to it.
    /// Events reach the listener in id order, even when branches run in parallel.
    /// </summary>
    public async ValueTask<long> AppendAsync(BranchContext? branch, string type, Func<JsonObject>? details, long? previousEventId = null)
    {
        await appendLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            HistoryEvent historyEvent;
            lock (events)
            {
                var id = events.Count == 0 ? 1 : events[^1].Id + 1;
                var previous = previousEventId ?? branch?.LastEventId ?? (events.Count == 0 ? 0 : events[^1].Id);
                historyEvent = new HistoryEvent(id, previous, Time.GetUtcNow(), type, details);
                events.Add(historyEvent);
            }

            if (branch is not null)
            {
                branch.LastEventId = historyEvent.Id;
            }

            if (listener is not null)
            {
                await listener.OnHistoryEventAsync(Request.ExecutionArn, historyEvent, CancellationToken.None).ConfigureAwait(false);
            }

            return historyEvent.Id;
        }
        finally
        {
            appendLock.Release();
        }
    }
}

/// <summary>
/// One thread of control: the top level, a Parallel branch or a Map iteration. It tracks the last event the
/// thread appended (the next event's previousEventId) and the variables in scope.
/// </summary>
internal sealed class BranchContext(long lastEventId, Data.VariableScope variables, CancellationToken cancellationToken)
{
    public long LastEventId { get; set; } = lastEventId;

    /// <summary>The execution's token, or a token that a Parallel or Map state cancels when a sibling fails.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Data.VariableScope Variables { get; } = variables;

    /// <summary><c>$$.Map.Item</c> for the states of a Map iteration; null elsewhere.</summary>
    public JsonObject? MapItem { get; init; }
}
