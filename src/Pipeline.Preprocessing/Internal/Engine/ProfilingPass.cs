using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>
/// The first pass: drops rows (missing target, filters, duplicates), assigns each kept row to a split by its content
/// hash, and profiles the target and feature columns. Workers check the target and filters, hash rows and classify
/// cells batch by batch; the calling thread then deduplicates and profiles in input order.
/// </summary>
internal sealed class ProfilingPass
{
    private const long ProgressInterval = 1 << 16;

    private readonly RunContext _context;
    private readonly long _keepBytes;
    private List<RowBatch>? _keptBatches = [];
    private long _keptBytes;

    /// <param name="keepBytes">How much memory the batches read may hold after the pass, so that the second pass need not read the file again.</param>
    public ProfilingPass(RunContext context, long keepBytes)
    {
        _context = context;
        _keepBytes = keepBytes;
    }

    /// <summary>Every batch of the input in order, when they fitted in the memory allowed; otherwise null.</summary>
    public IReadOnlyList<RowBatch>? KeptBatches => _keptBatches;

    public RowAssignments Assignments { get; } = new();

    public long Read { get; private set; }

    public long Filtered { get; private set; }

    public long Duplicates { get; private set; }

    public long MissingTarget { get; private set; }

    public void Run(IRowSource source, Dictionary<int, ColumnProfile> profiles, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        var columns = profiles.Values.ToArray();
        var indexes = columns.Select(profile => profile.Index).ToArray();
        RowKeySet? seen = null;
        var hashers = new List<RowHasher>();
        try
        {
            var pipeline = new BatchPipeline<BatchWork>(
                () =>
                {
                    var hasher = new RowHasher(_context.Spec.Split.Seed);
                    lock (hashers)
                    {
                        hashers.Add(hasher);
                    }

                    return new BatchWork(hasher, new ClassifiedCells(indexes, source.FieldCount));
                },
                (batch, work) => Process(batch, work, indexes));
            var nextProgress = ProgressInterval;
            pipeline.Run(
                source,
                (batch, work) =>
                {
                    if (_context.Spec.Deduplicate)
                    {
                        // Sized for the rows the file likely holds, estimated from the first batch's row length.
                        seen ??= new RowKeySet(batch.TotalBytes / Math.Max(1, batch.TextLength / Math.Max(1, batch.Count)));
                    }

                    Reduce(batch, work, columns, seen);
                    if (Read >= nextProgress)
                    {
                        nextProgress = Read + ProgressInterval;
                        cancellationToken.ThrowIfCancellationRequested();
                        progress?.Report(new PreprocessingProgress(PreprocessingPhase.Profiling, Read, batch.BytesRead, batch.TotalBytes));
                    }
                },
                Keep,
                cancellationToken);
        }
        finally
        {
            foreach (var hasher in hashers)
            {
                hasher.Dispose();
            }
        }

        progress?.Report(new PreprocessingProgress(PreprocessingPhase.Profiling, Read, source.TotalBytes, source.TotalBytes));
    }

    private bool Keep(RowBatch batch, BatchWork work)
    {
        if (_keptBatches is null)
        {
            return false;
        }

        var cells = work.Cells.Keep(batch.Count);
        _keptBytes += batch.MemoryBytes + cells.MemoryBytes;
        if (_keptBytes > _keepBytes)
        {
            // Too large to hold: the second pass reads the file again.
            _keptBatches = null;
            return false;
        }

        batch.Cells = cells;
        _keptBatches.Add(batch);
        return true;
    }

    // The per-row methods of both passes are marked AggressiveOptimization: a run is one long loop, so tiered
    // compilation's quick first version and later recompilation only add cost to a cold `pipeline` process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Process(RowBatch batch, BatchWork work, int[] indexes)
    {
        work.Prepare(batch.Count);
        var targetSlot = Array.IndexOf(indexes, _context.TargetIndex);
        var kinds = work.Cells.Kinds;
        var values = work.Cells.Values;
        var hasDates = work.Cells.HasDates;
        batch.Rewind();
        while (batch.Read())
        {
            // Every profiled cell is classified first (the target is one), so the target's missing check is free.
            var row = batch.Current;
            var cells = row * indexes.Length;
            for (var i = 0; i < indexes.Length; i++)
            {
                var kind = ColumnProfile.Classify(batch[indexes[i]], _context.Numbers, _context.Missing, out values[cells + i]);
                kinds[cells + i] = kind;
                if (kind == CellKind.DateTime)
                {
                    hasDates[i] = true;
                }
            }

            if (kinds[cells + targetSlot] == CellKind.Missing)
            {
                work.Status[row] = RowStatus.MissingTarget;
            }
            else if (!_context.Filters.Matches(batch))
            {
                work.Status[row] = RowStatus.Filtered;
            }
            else
            {
                work.Status[row] = RowStatus.Kept;
                (work.Positions[row], work.Keys[row]) = work.Hasher.Hash(batch.JoinedFields);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reduce(RowBatch batch, BatchWork work, ColumnProfile[] columns, RowKeySet? seen)
    {
        var spec = _context.Spec;
        var validationEnd = spec.Split.Train + spec.Split.Validation;
        var flags = work.Profiled;
        Array.Clear(flags, 0, batch.Count);
        batch.Rewind();
        while (batch.Read())
        {
            var row = batch.Current;
            Read++;
            switch (work.Status[row])
            {
                case RowStatus.MissingTarget:
                    if (spec.TargetMissing == TargetMissingTreatment.Fail)
                    {
                        throw new PreprocessingException(
                            $"{_context.File} line {batch.LineNumber}: the target column '{_context.ColumnNames[_context.TargetIndex]}' is missing. Fill it in, or set targetMissing to \"dropRow\" to skip such rows.",
                            _context.File, batch.LineNumber, _context.TargetIndex + 1, batch[_context.TargetIndex].ToString());
                    }

                    MissingTarget++;
                    Assignments.Add(RowAssignments.Dropped);
                    continue;
                case RowStatus.Filtered:
                    Filtered++;
                    Assignments.Add(RowAssignments.Dropped);
                    continue;
            }

            if (seen is not null && !seen.Add(work.Keys[row]))
            {
                Duplicates++;
                Assignments.Add(RowAssignments.Dropped);
                continue;
            }

            var position = work.Positions[row];
            var split = position < spec.Split.Train ? RowAssignments.Train
                : position < validationEnd || spec.Split.Test <= 0 ? RowAssignments.Validation
                : RowAssignments.Test;
            Assignments.Add(split);
            flags[row] = split == RowAssignments.Train ? ColumnProfile.KeptForTraining : ColumnProfile.Kept;
        }

        var rows = flags.AsSpan(0, batch.Count);
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i].AddRows(batch, rows, work.Cells.Kinds, work.Cells.Values, i, columns.Length);
        }
    }

    private enum RowStatus : byte
    {
        Kept,
        MissingTarget,
        Filtered,
    }

    /// <summary>A worker's results for one batch: each row's status, split position and key, and its classified cells.</summary>
    private sealed class BatchWork(RowHasher hasher, ClassifiedCells cells)
    {
        public RowHasher Hasher { get; } = hasher;

        public ClassifiedCells Cells { get; } = cells;

        public RowStatus[] Status { get; private set; } = [];

        public double[] Positions { get; private set; } = [];

        public UInt128[] Keys { get; private set; } = [];

        /// <summary>Per row, whether the in-order step keeps it, and for training (<see cref="ColumnProfile.AddRows"/>).</summary>
        public byte[] Profiled { get; private set; } = [];

        public void Prepare(int rows)
        {
            Cells.Prepare(rows);
            if (Status.Length < rows)
            {
                Status = new RowStatus[rows];
                Positions = new double[rows];
                Keys = new UInt128[rows];
                Profiled = new byte[rows];
            }
        }
    }
}
