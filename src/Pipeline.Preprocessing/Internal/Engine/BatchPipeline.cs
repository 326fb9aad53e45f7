using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Pipeline.Preprocessing.Internal.Reading;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>
/// Runs a pass over a source in three stages: one thread reads rows into <see cref="RowBatch"/>es, worker threads
/// process whole batches in parallel, and the calling thread reduces the batches strictly in input order. The reduce
/// step (counting, deduplication, writing) therefore gets the rows in the same order as a single loop would. Errors
/// keep that order too, because a batch's read error is raised only after its rows were reduced.
/// </summary>
/// <remarks>
/// The workers are dedicated threads, not thread-pool tasks: the calling thread blocks while it waits for the next
/// batch, and on a thread-pool thread that would leave a small pool one worker short until it grows.
/// </remarks>
/// <typeparam name="TWork">What a worker computes for one batch; reused with its batch.</typeparam>
internal sealed class BatchPipeline<TWork>
    where TWork : class
{
    private readonly Func<TWork> _createWork;
    private readonly Action<RowBatch, TWork> _process;
    private readonly int _workers;

    /// <param name="createWork">Creates the per-batch work storage; called once per batch slot.</param>
    /// <param name="process">Processes one batch on a worker thread; an exception it throws is raised in order by the reducing thread.</param>
    public BatchPipeline(Func<TWork> createWork, Action<RowBatch, TWork> process)
    {
        _createWork = createWork;
        _process = process;
        _workers = Math.Clamp(Environment.ProcessorCount, 1, 16);
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end and calls <paramref name="reduce"/> for every batch in order. After
    /// its reduce step, a batch that <paramref name="retain"/> accepts is kept by the caller and not reused.
    /// </summary>
    public void Run(IRowSource source, Action<RowBatch, TWork> reduce, Func<RowBatch, TWork, bool>? retain, CancellationToken cancellationToken)
    {
        long sequence = 0;
        long rows = 0;
        Run(
            () => new RowBatch(source.ColumnNames),
            slot =>
            {
                if (!slot.Batch.Fill(source, sequence++, rows))
                {
                    return false;
                }

                rows += slot.Batch.Count;
                return true;
            },
            reduce,
            retain,
            cancellationToken);
    }

    /// <summary>Processes batches kept from an earlier pass, in their order, and reduces them in that order.</summary>
    public void Run(IReadOnlyList<RowBatch> batches, Action<RowBatch, TWork> reduce, CancellationToken cancellationToken)
    {
        if (batches.Count == 0)
        {
            return;
        }

        var next = 0;
        Run(
            // Every slot takes a kept batch before its first use: no batch of its own is needed.
            () => batches[0],
            slot =>
            {
                if (next == batches.Count)
                {
                    return false;
                }

                slot.Batch = batches[next++];
                slot.Batch.Rewind();
                return true;
            },
            reduce,
            retain: null,
            cancellationToken);
    }

    private void Run(Func<RowBatch> createBatch, Func<Slot, bool> fill, Action<RowBatch, TWork> reduce, Func<RowBatch, TWork, bool>? retain, CancellationToken cancellationToken)
    {
        var inFlight = _workers * 2;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var toProcess = new BlockingCollection<Slot>(inFlight);
        using var toReduce = new BlockingCollection<Slot>(inFlight);
        using var free = new BlockingCollection<Slot>(new ConcurrentQueue<Slot>());
        for (var i = 0; i < inFlight + 1; i++)
        {
            free.Add(new Slot(createBatch(), _createWork()), CancellationToken.None);
        }

        var threads = new List<Thread> { Start("preprocessing reader", () => Read(fill, free, toProcess, toReduce, stop.Token)) };
        for (var i = 0; i < _workers; i++)
        {
            threads.Add(Start("preprocessing worker", () => Work(toProcess)));
        }

        try
        {
            foreach (var slot in toReduce.GetConsumingEnumerable(cancellationToken))
            {
                slot.Done.Wait(cancellationToken);
                if (slot.Error is { } processError)
                {
                    ExceptionDispatchInfo.Throw(processError);
                }

                reduce(slot.Batch, slot.Work);
                if (slot.Batch.ReadError is { } readError)
                {
                    ExceptionDispatchInfo.Throw(readError);
                }

                if (retain?.Invoke(slot.Batch, slot.Work) == true)
                {
                    slot.Batch = new RowBatch(slot.Batch);
                }

                free.Add(slot, CancellationToken.None);
            }
        }
        finally
        {
            // Stop the reader before the caller disposes the source, and let the workers finish their batches.
            stop.Cancel();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            foreach (var slot in free.Concat(toReduce).Concat(toProcess))
            {
                slot.Done.Dispose();
            }
        }
    }

    private static Thread Start(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }


    private static void Read(Func<Slot, bool> fill, BlockingCollection<Slot> free, BlockingCollection<Slot> toProcess, BlockingCollection<Slot> toReduce, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var slot = free.Take(stop);
                if (!fill(slot))
                {
                    break;
                }

                slot.Done.Reset();
                slot.Error = null;
                toReduce.Add(slot, stop);
                toProcess.Add(slot, stop);
                if (slot.Batch.ReadError is not null)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The reducer stopped early (an error or cancellation); it raises the reason itself.
        }
        finally
        {
            toReduce.CompleteAdding();
            toProcess.CompleteAdding();
        }
    }

    private void Work(BlockingCollection<Slot> toProcess)
    {
        foreach (var slot in toProcess.GetConsumingEnumerable())
        {
            try
            {
                _process(slot.Batch, slot.Work);
            }
#pragma warning disable CA1031 // Raised by the reducer when it reaches this batch.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                slot.Error = ex;
            }
            finally
            {
                slot.Done.Set();
            }
        }
    }

    private sealed class Slot(RowBatch batch, TWork work)
    {
        public RowBatch Batch { get; set; } = batch;

        public TWork Work { get; } = work;

        public ManualResetEventSlim Done { get; } = new(initialState: false, spinCount: 0);

        public Exception? Error { get; set; }
    }
}
