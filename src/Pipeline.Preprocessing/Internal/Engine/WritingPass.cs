using System.Runtime.CompilerServices;
using System.Text;
using Pipeline.Preprocessing.Internal.Encoders;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Writing;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>The second pass: encodes every kept row and appends it to its split's file.</summary>
internal sealed class WritingPass
{
    private const int ProgressInterval = 1 << 16;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly RunContext _context;
    private readonly TargetEncoder _target;
    private readonly ColumnEncoder[] _encoders;
    private readonly ColumnEncoder[] _dropRowEncoders;

    public WritingPass(RunContext context, TargetEncoder target, IEnumerable<ColumnEncoder> encoders)
    {
        _context = context;
        _target = target;
        _encoders = [.. encoders];
        _dropRowEncoders = [.. _encoders.Where(encoder => encoder.DropsRowWhenMissing)];
    }

    public long MissingValues { get; private set; }

    public long[] Written { get; } = new long[4];

    public void Run(IRowSource source, RowAssignments assignments, string outputDirectory, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        var files = SplitFiles.For(_context.Spec);
        var streams = new FileStream?[4];
        var writers = new StreamWriter?[4];
        var sinks = new IRowSink?[4];
        try
        {
            foreach (var (split, relative) in files)
            {
                var path = Path.Combine(outputDirectory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var code = SplitFiles.Code(split);
                var stream = streams[code] = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
                if (_context.Spec.Output.Format == OutputFormat.LibSvm)
                {
                    writers[code] = new StreamWriter(stream, Utf8, bufferSize: 1 << 20);
                    sinks[code] = new LibSvmFeatureSink(writers[code]!);
                }
                else
                {
                    sinks[code] = new CsvFeatureSink(stream);
                }
            }

            WriteRows(source, assignments, sinks, progress, cancellationToken);
            foreach (var sink in sinks)
            {
                sink?.Flush();
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer?.Dispose();
            }

            foreach (var stream in streams)
            {
                stream?.Dispose();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRows(IRowSource source, RowAssignments assignments, IRowSink?[] sinks, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        Span<char> labelScratch = stackalloc char[128];
        long row = 0;
        while (source.Read())
        {
            var assignment = assignments[row++];
            if (row % ProgressInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new PreprocessingProgress(PreprocessingPhase.Writing, row, source.BytesRead, source.TotalBytes));
            }

            if (assignment == RowAssignments.Dropped || HasMissingDropRowValue(source))
            {
                MissingValues += assignment == RowAssignments.Dropped ? 0 : 1;
                continue;
            }

            var location = new CellLocation(_context.File, source.LineNumber);
            var sink = sinks[assignment]!;
            sink.BeginRow(_target.Encode(source[_context.TargetIndex], labelScratch, location));
            foreach (var encoder in _encoders)
            {
                encoder.Encode(source[encoder.Index], sink, location);
            }

            sink.EndRow();
            Written[assignment]++;
        }

        if (row != assignments.Count)
        {
            throw new PreprocessingException(
                $"{_context.File} changed while it was being read: the first pass read {assignments.Count} rows and the second {row}. Upload the file again and rerun.",
                _context.File, null, null, null);
        }

        progress?.Report(new PreprocessingProgress(PreprocessingPhase.Writing, row, source.TotalBytes, source.TotalBytes));
    }

    private bool HasMissingDropRowValue(IRowSource source)
    {
        foreach (var encoder in _dropRowEncoders)
        {
            if (encoder.IsMissing(source[encoder.Index]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The output layout: <c>train/data.csv</c>, <c>validation/data.csv</c> and, with a test fraction, <c>test/data.csv</c>.</summary>
internal static class SplitFiles
{
    public static Dictionary<string, string> For(PreprocessingSpec spec)
    {
        var extension = spec.Output.Format == OutputFormat.LibSvm ? "libsvm" : "csv";
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["train"] = $"train/data.{extension}",
            ["validation"] = $"validation/data.{extension}",
        };
        if (spec.Split.Test > 0)
        {
            files["test"] = $"test/data.{extension}";
        }

        return files;
    }

    public static byte Code(string split) => split switch
    {
        "train" => RowAssignments.Train,
        "validation" => RowAssignments.Validation,
        _ => RowAssignments.Test,
    };
}
