namespace Pipeline.StateMachines;

/// <summary>
/// A virtual clock for running state machines to the end without waiting: when the process is idle, it jumps
/// to the earliest pending timer and fires it. Wait states, retry intervals and timeouts therefore take no real
/// time, and fire in due-time order.
/// </summary>
/// <remarks>
/// The process counts as idle after a quiet period of real time (3 ms by default) in which no timer was created,
/// changed or read. It must also have used less than a quarter of that period in CPU time, so JIT compilation or
/// running code holds the clock back. A task handler that waits on real I/O uses no CPU, so its timeout may fire
/// early. Use this clock with mocked handlers (as <c>pipeline test</c> does), not with real services.
/// </remarks>
public sealed class SkipAheadTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly PriorityQueue<VirtualTimer, (DateTimeOffset Due, long Sequence)> queue = new();
    private readonly TimeSpan quietPeriod;
    private DateTimeOffset now;
    private long sequence;
    private long activity;
    private bool pumping;

    public SkipAheadTimeProvider(DateTimeOffset start, TimeSpan? quietPeriod = null)
    {
        now = start;
        this.quietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(3);
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            activity++;
            return now;
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock forward by hand, firing the timers that fall due.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + delta;
        }

        while (TryFireNext(target))
        {
        }

        lock (gate)
        {
            if (now < target)
            {
                now = target;
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var startPump = false;
        lock (gate)
        {
            activity++;
            timer.Version++;
            timer.Period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            queue.Enqueue(timer, (timer.Due, sequence++));
            timer.QueuedVersion = timer.Version;
            if (!pumping)
            {
                pumping = true;
                startPump = true;
            }
        }

        if (startPump)
        {
            _ = Task.Run(PumpAsync);
        }
    }

    private void Cancel(VirtualTimer timer)
    {
        lock (gate)
        {
            activity++;
            timer.Version++;
        }
    }

    private async Task PumpAsync()
    {
        var quietChecks = 0;
        while (true)
        {
            long seen;
            lock (gate)
            {
                seen = activity;
            }

            var cpuBefore = Environment.CpuUsage.TotalTime;
            await Task.Delay(quietPeriod).ConfigureAwait(false);

            // Work queued for the thread pool is an execution about to continue, even when a loaded machine gives its
            // threads no CPU. Two quiet periods in a row are required, so that a thread descheduled between two
            // steps does not let the clock jump past a timer that the thread is about to create.
            var busy = Environment.CpuUsage.TotalTime - cpuBefore > quietPeriod / 4 || ThreadPool.PendingWorkItemCount > 0;
            lock (gate)
            {
                if (activity != seen || busy)
                {
                    quietChecks = 0;
                    continue;
                }

                if (++quietChecks < 2)
                {
                    continue;
                }

                if (!HasLiveTimer())
                {
                    pumping = false;
                    return;
                }
            }

            quietChecks = 0;
            TryFireNext(DateTimeOffset.MaxValue);
        }
    }

    private bool HasLiveTimer()
    {
        while (queue.TryPeek(out var timer, out _))
        {
            if (timer.QueuedVersion == timer.Version)
            {
                return true;
            }

            queue.Dequeue();
        }

        return false;
    }

    private bool TryFireNext(DateTimeOffset limit)
    {
        VirtualTimer timer;
        lock (gate)
        {
            if (!HasLiveTimer() || !queue.TryPeek(out timer!, out var key) || key.Due > limit)
            {
                return false;
            }

            queue.Dequeue();
            if (timer.Due > now)
            {
                now = timer.Due;
            }

            activity++;
            timer.Version++;
            if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan)
            {
                timer.Due = now + timer.Period;
                queue.Enqueue(timer, (timer.Due, sequence++));
                timer.QueuedVersion = timer.Version;
            }
        }

        timer.Fire();
        return true;
    }

    private sealed class VirtualTimer(SkipAheadTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Version { get; set; }

        public long QueuedVersion { get; set; } = -1;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
