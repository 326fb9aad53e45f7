using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>
/// The first pass: drops rows (missing target, filters, duplicates), assigns each kept row to a split by its content
/// hash, and profiles the target and feature columns.
/// </summary>
internal sealed class ProfilingPass
{
    private const int ProgressInterval = 1 << 16;

    private readonly RunContext _context;

    public ProfilingPass(RunContext context) => _context = context;

    public RowAssignments Assignments { get; } = new();

    public long Read { get; private set; }

    public long Filtered { get; private set; }

    public long Duplicates { get; private set; }

    public long MissingTarget { get; private set; }

    // The per-row methods of both passes are marked AggressiveOptimization: a run is one long loop, so tiered
    // compilation's quick first version and later recompilation only add cost to a cold `pipeline` process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(IRowSource source, Dictionary<int, ColumnProfile> profiles, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        var spec = _context.Spec;
        using var hasher = new RowHasher(spec.Split.Seed);
        var seen = spec.Deduplicate ? new HashSet<UInt128>() : null;
        var validationEnd = spec.Split.Train + spec.Split.Validation;
        var columns = profiles.Values.ToArray();
        while (source.Read())
        {
            Read++;
            if (Read % ProgressInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new PreprocessingProgress(PreprocessingPhase.Profiling, Read, source.BytesRead, source.TotalBytes));
            }

            if (_context.Missing.IsMissing(source[_context.TargetIndex]))
            {
                if (spec.TargetMissing == TargetMissingTreatment.Fail)
                {
                    throw new PreprocessingException(
                        $"{_context.File} line {source.LineNumber}: the target column '{_context.ColumnNames[_context.TargetIndex]}' is missing. Fill it in, or set targetMissing to \"dropRow\" to skip such rows.",
                        _context.File, source.LineNumber, _context.TargetIndex + 1, source[_context.TargetIndex].ToString());
                }

                MissingTarget++;
                Assignments.Add(RowAssignments.Dropped);
                continue;
            }

            if (!_context.Filters.Matches(source))
            {
                Filtered++;
                Assignments.Add(RowAssignments.Dropped);
                continue;
            }

            var (position, key) = hasher.Hash(source);
            if (seen is not null && !seen.Add(key))
            {
                Duplicates++;
                Assignments.Add(RowAssignments.Dropped);
                continue;
            }

            var split = position < spec.Split.Train ? RowAssignments.Train
                : position < validationEnd || spec.Split.Test <= 0 ? RowAssignments.Validation
                : RowAssignments.Test;
            Assignments.Add(split);
            var isTrain = split == RowAssignments.Train;
            foreach (var profile in columns)
            {
                profile.Add(source[profile.Index], isTrain, source.LineNumber, _context.Numbers, _context.Missing);
            }
        }

        progress?.Report(new PreprocessingProgress(PreprocessingPhase.Profiling, Read, source.TotalBytes, source.TotalBytes));
    }
}
