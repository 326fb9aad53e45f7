using System.Runtime.CompilerServices;
using System.Text;
using Pipeline.Preprocessing.Internal.Encoders;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Writing;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>The second pass: encodes every kept row and appends it to its split's file.</summary>
internal sealed class WritingPass
{
    private const long ProgressInterval = 1 << 16;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly RunContext _context;
    private readonly TargetEncoder _target;
    private readonly ColumnEncoder[] _encoders;
    private readonly ColumnEncoder[] _dropRowEncoders;
    private readonly CsvWrite[] _csvWrites;

    public WritingPass(RunContext context, TargetEncoder target, IEnumerable<ColumnEncoder> encoders)
    {
        _context = context;
        _target = target;
        _encoders = [.. encoders];
        _dropRowEncoders = [.. _encoders.Where(encoder => encoder.DropsRowWhenMissing)];
        _csvWrites = [.. _encoders.Select(encoder => encoder switch
        {
            NumberEncoder when context.Numbers.IsPlain => CsvWrite.PlainNumber,
            DateTimeEncoder => CsvWrite.UnixSeconds,
            OrdinalEncoder => CsvWrite.Ordinal,
            OneHotEncoder => CsvWrite.OneHot,
            _ => CsvWrite.Encoder,
        })];
    }

    /// <summary>How the CSV path writes a present cell of each encoder's column without a call through the encoder.</summary>
    private enum CsvWrite : byte
    {
        Encoder,
        PlainNumber,
        UnixSeconds,
        Ordinal,
        OneHot,
    }

    public long MissingValues { get; private set; }

    public long[] Written { get; } = new long[4];

    /// <summary>Encodes and writes the rows of <paramref name="source"/>, or of <paramref name="keptBatches"/> when the first pass kept them.</summary>
    public void Run(IRowSource? source, IReadOnlyList<RowBatch>? keptBatches, RowAssignments assignments, string outputDirectory, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        var files = SplitFiles.For(_context.Spec);
        var streams = new FileStream?[4];
        try
        {
            foreach (var (split, relative) in files)
            {
                var path = Path.Combine(outputDirectory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                streams[SplitFiles.Code(split)] = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            }

            progress?.Report(new PreprocessingProgress(PreprocessingPhase.Writing, 0, 0, keptBatches is { Count: > 0 } ? keptBatches[^1].TotalBytes : source?.TotalBytes ?? 0));
            var pipeline = new BatchPipeline<BatchOutput>(() => new BatchOutput(_context.Spec.Output.Format), (batch, output) => Encode(batch, output, assignments));
            long row = 0;
            var nextProgress = ProgressInterval;
            long totalBytes = 0;
            void Reduce(RowBatch batch, BatchOutput output)
            {
                row += batch.Count;
                totalBytes = batch.TotalBytes;
                output.CopyTo(streams);
                MissingValues += output.MissingValues;
                for (var split = 0; split < Written.Length; split++)
                {
                    Written[split] += output.Written[split];
                }

                if (output.Error is { } error)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                }

                if (row >= nextProgress)
                {
                    nextProgress = row + ProgressInterval;
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new PreprocessingProgress(PreprocessingPhase.Writing, row, batch.BytesRead, batch.TotalBytes));
                }
            }

            if (keptBatches is not null)
            {
                pipeline.Run(keptBatches, Reduce, cancellationToken);
            }
            else
            {
                pipeline.Run(source ?? throw new ArgumentNullException(nameof(source)), Reduce, retain: null, cancellationToken);
            }

            if (row != assignments.Count)
            {
                throw new PreprocessingException(
                    $"{_context.File} changed while it was being read: the first pass read {assignments.Count} rows and the second {row}. Upload the file again and rerun.",
                    _context.File, null, null, null);
            }

            progress?.Report(new PreprocessingProgress(PreprocessingPhase.Writing, row, totalBytes, totalBytes));
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream?.Dispose();
            }
        }
    }

    // Runs on a worker thread: encodes a batch into its own buffers. The first error ends the batch and is kept, so
    // the reducer raises it after the rows before it (a row that changed between the passes included).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Encode(RowBatch batch, BatchOutput output, RowAssignments assignments)
    {
        output.Reset();
        Span<char> labelScratch = stackalloc char[128];
        batch.Rewind();
        try
        {
            while (batch.Read())
            {
                var index = batch.FirstRow + batch.Current;
                if (index >= assignments.Count)
                {
                    return;
                }

                var assignment = assignments[index];
                if (assignment == RowAssignments.Dropped)
                {
                    continue;
                }

                if (batch.Cells is { } cells)
                {
                    var encoded = output.CsvSinks[assignment] is { } csv
                        ? EncodeClassifiedCsv(batch, cells, csv, labelScratch)
                        : EncodeClassified(batch, cells, output.Sinks[assignment]!, labelScratch);
                    if (encoded)
                    {
                        output.Written[assignment]++;
                    }
                    else
                    {
                        output.MissingValues++;
                    }

                    continue;
                }

                if (HasMissingDropRowValue(batch))
                {
                    output.MissingValues++;
                    continue;
                }

                var location = new CellLocation(_context.File, batch.LineNumber);
                var sink = output.Sinks[assignment]!;
                sink.BeginRow(_target.Encode(batch[_context.TargetIndex], labelScratch, location));
                foreach (var encoder in _encoders)
                {
                    encoder.Encode(batch[encoder.Index], sink, location);
                }

                sink.EndRow();
                output.Written[assignment]++;
            }
        }
#pragma warning disable CA1031 // Kept and raised by the reducer in input order.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.Error = ex;
        }
        finally
        {
            output.Complete();
        }
    }

    // The same output as the text path, from the kinds and values the first pass kept. Returns false for a row
    // skipped because a dropRow column is missing.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EncodeClassified(RowBatch batch, ClassifiedCells cells, IRowSink sink, Span<char> labelScratch)
    {
        if (!BeginClassifiedRow(batch, cells, sink, labelScratch, out var location))
        {
            return false;
        }

        var row = batch.Current;
        foreach (var encoder in _encoders)
        {
            var kind = cells.Kinds[cells.Cell(row, encoder.Index)];
            var value = kind == CellKind.DateTime ? cells.DateValue(row, encoder.Index) : 0;
            encoder.Encode(batch[encoder.Index], kind, value, sink, location);
        }

        sink.EndRow();
        return true;
    }

    // Writes the label of a row from the kinds the first pass kept. Returns false, with nothing written, when a
    // dropRow column of the row is missing.
    private bool BeginClassifiedRow(RowBatch batch, ClassifiedCells cells, IRowSink sink, Span<char> labelScratch, out CellLocation location)
    {
        var row = batch.Current;
        location = new CellLocation(_context.File, batch.LineNumber);
        foreach (var encoder in _dropRowEncoders)
        {
            if (cells.Kinds[cells.Cell(row, encoder.Index)] == CellKind.Missing)
            {
                return false;
            }
        }

        var target = cells.Cell(row, _context.TargetIndex);
        sink.BeginRow(_target.Encode(batch[_context.TargetIndex], cells.Kinds[target], labelScratch, location));
        return true;
    }

    // EncodeClassified for CSV output. The common cells (a plain number, a date, a category) go straight to the
    // sink's methods, and any other cell (a missing value, a number to rewrite) goes through its encoder.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EncodeClassifiedCsv(RowBatch batch, ClassifiedCells cells, CsvFeatureSink sink, Span<char> labelScratch)
    {
        if (!BeginClassifiedRow(batch, cells, sink, labelScratch, out var location))
        {
            return false;
        }

        var row = batch.Current;
        for (var i = 0; i < _encoders.Length; i++)
        {
            var encoder = _encoders[i];
            var kind = cells.Kinds[cells.Cell(row, encoder.Index)];
            switch (_csvWrites[i])
            {
                case CsvWrite.PlainNumber when kind == CellKind.Number:
                    sink.Number(batch[encoder.Index]);
                    continue;
                case CsvWrite.UnixSeconds when kind == CellKind.DateTime:
                    sink.Computed(cells.DateValue(row, encoder.Index));
                    continue;
                case CsvWrite.Ordinal when kind != CellKind.Missing:
                    var code = Unsafe.As<OrdinalEncoder>(encoder).CodeOf(batch[encoder.Index]);
                    if (code >= 0)
                    {
                        sink.Code(code);
                    }
                    else
                    {
                        sink.Missing();
                    }

                    continue;
                case CsvWrite.OneHot when kind != CellKind.Missing:
                    sink.Indicators(encoder.Width, Unsafe.As<OneHotEncoder>(encoder).HotIndex(batch[encoder.Index]));
                    continue;
            }

            var value = kind == CellKind.DateTime ? cells.DateValue(row, encoder.Index) : 0;
            encoder.Encode(batch[encoder.Index], kind, value, sink, location);
        }

        sink.EndRow();
        return true;
    }

    private bool HasMissingDropRowValue(RowBatch batch)
    {
        foreach (var encoder in _dropRowEncoders)
        {
            if (encoder.IsMissing(batch[encoder.Index]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One batch's encoded rows, one buffer per split, with its counts and its first error.</summary>
    private sealed class BatchOutput
    {
        private readonly MemoryStream[] _buffers = new MemoryStream[4];
        private readonly StreamWriter?[] _writers = new StreamWriter?[4];

        public BatchOutput(OutputFormat format)
        {
            for (var split = 1; split < _buffers.Length; split++)
            {
                _buffers[split] = new MemoryStream();
                if (format == OutputFormat.LibSvm)
                {
                    _writers[split] = new StreamWriter(_buffers[split], Utf8, bufferSize: 1 << 16);
                    Sinks[split] = new LibSvmFeatureSink(_writers[split]!);
                }
                else
                {
                    CsvSinks[split] = new CsvFeatureSink(_buffers[split], bufferSize: 1 << 16);
                    Sinks[split] = CsvSinks[split];
                }
            }
        }

        public IRowSink?[] Sinks { get; } = new IRowSink?[4];

        /// <summary>The same sinks typed, for CSV output (null otherwise), so that calls to them need no dispatch.</summary>
        public CsvFeatureSink?[] CsvSinks { get; } = new CsvFeatureSink?[4];

        public long[] Written { get; } = new long[4];

        public long MissingValues { get; set; }

        public Exception? Error { get; set; }

        public void Reset()
        {
            Array.Clear(Written);
            MissingValues = 0;
            Error = null;
            foreach (var buffer in _buffers)
            {
                buffer?.SetLength(0);
            }
        }

        /// <summary>Moves what the sinks hold into the buffers.</summary>
        public void Complete()
        {
            foreach (var sink in Sinks)
            {
                sink?.Flush();
            }
        }

        public void CopyTo(FileStream?[] streams)
        {
            for (var split = 1; split < _buffers.Length; split++)
            {
                var buffer = _buffers[split];
                if (buffer.Length > 0)
                {
                    var target = streams[split] ?? throw new InvalidOperationException($"A row was assigned to split {split}, which has no output file.");
                    target.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                }
            }
        }
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
