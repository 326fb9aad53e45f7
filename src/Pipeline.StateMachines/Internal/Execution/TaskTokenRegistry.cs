using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>Task tokens of <c>.waitForTaskToken</c> tasks waiting for SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat.</summary>
internal sealed class TaskTokenRegistry
{
    private readonly ConcurrentDictionary<string, TokenWaiter> waiters = new(StringComparer.Ordinal);

    public TokenWaiter Register(string token)
    {
        var waiter = new TokenWaiter();
        waiters[token] = waiter;
        return waiter;
    }

    public void Remove(string token) => waiters.TryRemove(token, out _);

    public bool Succeed(string token, JsonNode? output) => waiters.TryGetValue(token, out var waiter) && waiter.Completion.TrySetResult(output);

    public bool Fail(string token, string error, string? cause)
        => waiters.TryGetValue(token, out var waiter) && waiter.Completion.TrySetException(new StatesException(error, cause));

    public bool Heartbeat(string token)
    {
        if (!waiters.TryGetValue(token, out var waiter))
        {
            return false;
        }

        waiter.Heartbeat?.Invoke();
        return true;
    }
}

/// <summary>The pending completion of one task token.</summary>
internal sealed class TokenWaiter
{
    public TaskCompletionSource<JsonNode?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Restarts the heartbeat timer; set by the waiting task when HeartbeatSeconds is given.</summary>
    public Action? Heartbeat { get; set; }
}
