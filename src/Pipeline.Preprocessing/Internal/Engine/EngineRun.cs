using Microsoft.Extensions.Logging;
using Pipeline.Preprocessing.Internal.Encoders;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>One run of the engine over one file: resolve columns, profile, plan, write.</summary>
internal sealed class EngineRun
{
    private readonly PreprocessingSpec _spec;
    private readonly string _inputPath;
    private readonly InputFormat _format;
    private readonly long _keepBytes;

    /// <param name="keepBytes">The memory the first pass may keep the parsed rows in, so the second need not read the file again.</param>
    public EngineRun(PreprocessingSpec spec, string inputPath, InputFormat format, long keepBytes)
    {
        _keepBytes = keepBytes;
        _spec = spec;
        _inputPath = inputPath;
        _format = format;
    }

    public static InputFormat ResolveFormat(InputFormat declared, string path)
    {
        if (declared != InputFormat.Auto)
        {
            return declared;
        }

        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".PARQUET" => InputFormat.Parquet,
            ".JSONL" or ".NDJSON" => InputFormat.JsonLines,
            _ => InputFormat.Csv,
        };
    }

    public PreprocessingManifest Execute(string outputDirectory, IProgress<PreprocessingProgress>? progress, ILogger logger, CancellationToken cancellationToken)
    {
        RunContext context;
        var profiles = new Dictionary<int, ColumnProfile>();
        ProfilingPass profiling;
        using (var source = Open())
        {
            context = CreateContext(source.ColumnNames);
            foreach (var index in context.FeatureIndexes.Append(context.TargetIndex))
            {
                profiles[index] = CreateProfile(context, index);
            }

            profiling = new ProfilingPass(context, _keepBytes);
            profiling.Run(source, profiles, progress, cancellationToken);
        }

        var (target, columns) = new Planner(context).Plan(profiles);
        foreach (var dropped in columns.Where(column => column.Role == ColumnRole.Dropped))
        {
            Log.ColumnDropped(logger, dropped.Name, _inputPath, dropped.DropReason ?? "");
        }

        var features = columns.Where(column => column.Role == ColumnRole.Feature).OrderBy(column => column.FirstFeature).ToList();
        Log.Profiled(logger, profiling.Read, _inputPath, features.Sum(column => column.Features.Count), columns.Count(column => column.Role == ColumnRole.Dropped));
        if (features.Count == 0)
        {
            throw new PreprocessingException(
                $"No feature columns are left in {_inputPath}: {DescribeNonFeatures(columns)}. Include at least one usable column.",
                _inputPath, null, null, null);
        }

        var encoders = features.Select(column => ColumnEncoder.Create(column, context.Numbers, context.Missing));
        var writing = new WritingPass(context, new TargetEncoder(target, context.Numbers), encoders);
        if (profiling.KeptBatches is { } kept)
        {
            writing.Run(null, kept, profiling.Assignments, outputDirectory, progress, cancellationToken);
        }
        else
        {
            using var source = Open();
            writing.Run(source, null, profiling.Assignments, outputDirectory, progress, cancellationToken);
        }


        var rows = new RowCounts
        {
            Read = profiling.Read,
            Filtered = profiling.Filtered,
            Duplicates = profiling.Duplicates,
            MissingTarget = profiling.MissingTarget,
            MissingValues = writing.MissingValues,
            Train = writing.Written[RowAssignments.Train],
            Validation = writing.Written[RowAssignments.Validation],
            Test = writing.Written[RowAssignments.Test],
        };
        CheckSplits(rows);
        return new PreprocessingManifest
        {
            InputFile = Path.GetFileName(_inputPath),
            InputFormat = _format,
            InputBytes = new FileInfo(_inputPath).Length,
            InputColumns = context.ColumnNames,
            Target = target,
            Columns = columns,
            Features = [.. features.SelectMany(column => column.Features)],
            Rows = rows,
            OutputFormat = _spec.Output.Format,
            Files = SplitFiles.For(_spec),
            Spec = _spec,
        };
    }

    private void CheckSplits(RowCounts rows)
    {
        if (rows.Train == 0 || rows.Validation == 0 || (_spec.Split.Test > 0 && rows.Test == 0))
        {
            var kept = rows.Train + rows.Validation + rows.Test;
            throw new PreprocessingException(
                $"{_inputPath}: the split left {rows.Train} train, {rows.Validation} validation and {rows.Test} test rows out of {kept} kept " +
                $"({rows.Read} read, {rows.Filtered} filtered, {rows.Duplicates} duplicates, {rows.MissingTarget} missing target, {rows.MissingValues} missing values). " +
                "Every split needs rows: add data, loosen the filters, or change split.train/validation/test.",
                _inputPath, null, null, null);
        }
    }

    private static string DescribeNonFeatures(List<ColumnManifest> columns) =>
        string.Join("; ", columns.Where(column => column.Role != ColumnRole.Target)
            .Select(column => $"'{column.Name}' {column.Role.ToString().ToLowerInvariant()}{(column.DropReason is null ? "" : $" ({column.DropReason})")}"));

    private IRowSource Open() => _format switch
    {
        InputFormat.Parquet => new ParquetRowSource(_inputPath),
        InputFormat.JsonLines => new JsonLinesRowSource(_inputPath, _spec.Input),
        _ => new CsvRowSource(_inputPath, _spec.Input with { Header = _spec.Input.Header ?? _spec.Target.Name is not null }),
    };

    private RunContext CreateContext(IReadOnlyList<string> names)
    {
        var resolver = new ColumnResolver(names, _inputPath);
        var targetIndex = resolver.Resolve(_spec.Target, "target");
        resolver.CheckOverrides(_spec);
        var excluded = _spec.Exclude.Select(column => resolver.Resolve(column, "excluded")).ToHashSet();
        List<int> features = _spec.Features is { } listed
            ? [.. listed.Select(column => resolver.Resolve(column, "feature")).Where(index => !excluded.Contains(index))]
            : [.. Enumerable.Range(0, names.Count).Where(index => index != targetIndex && !excluded.Contains(index))];
        if (features.Contains(targetIndex))
        {
            throw new PreprocessingException($"The target column '{names[targetIndex]}' is also listed as a feature. Remove it from features.", _inputPath, null, targetIndex + 1, names[targetIndex]);
        }

        var numbers = new NumberText(_spec.Input.ThousandsSeparator, _spec.Input.DecimalSeparator);
        var missing = new MissingValues(_spec.Input.MissingValues);
        var filters = _spec.Filters.Select(filter => (resolver.Resolve(filter.Column, "filter"), filter));
        return new RunContext
        {
            Spec = _spec,
            File = _inputPath,
            ColumnNames = names,
            TargetIndex = targetIndex,
            FeatureIndexes = features,
            Numbers = numbers,
            Missing = missing,
            Filters = new RowFilterEvaluator(filters, numbers, missing),
        };
    }

    private ColumnProfile CreateProfile(RunContext context, int index)
    {
        var name = context.ColumnNames[index];
        var columnSpec = ColumnResolver.FindOverride(_spec, name, index);
        var isTarget = index == context.TargetIndex;
        var needsMedian = !isTarget && (columnSpec?.Missing ?? _spec.Missing.Numeric) == MissingTreatment.Median;
        var trackAll = isTarget || columnSpec?.Type == ColumnType.Categorical;
        return new ColumnProfile(name, index, trackAll, needsMedian ? new Reservoir(unchecked((int)_spec.Split.Seed + index)) : null);
    }
}
