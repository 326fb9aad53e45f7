using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Parses SageMaker's training CSV: no header, the label in the first column, the instance weight in the
/// second when csv_weights is 1, features after that. Empty cells and "nan" are missing values. Large files are
/// parsed in parallel chunks split at line ends; errors still name the first bad line of the file.
/// </summary>
internal static partial class CsvDataReader
{
    /// <summary>Files above this size are split into one chunk per processor.</summary>
    private const int ParallelThreshold = 1 << 20;

    public static DataSet Read(string channel, IReadOnlyList<string> files, string compressionType, bool hasWeights)
    {
        var chunks = new List<Chunk>();
        var fileStarts = new List<(int FirstRow, string File)>();
        var fieldCount = -1;
        string? firstFile = null;
        var rows = 0;

        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            fileStarts.Add((rows, name));
            var content = DataFile.ReadAll(path, compressionType);
            var start = content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            var delimiter = DetectDelimiter(content.AsSpan(start));
            if (fieldCount < 0 && FirstRow(content, start, delimiter) is { } first)
            {
                fieldCount = first.FieldCount;
                firstFile = name;
                if (fieldCount < (hasWeights ? 3 : 2))
                {
                    throw new AlgorithmException(
                        $"Channel '{channel}': file '{name}', line {first.LineNumber} has {fieldCount} column(s). SageMaker XGBoost CSV needs the label in the first column{(hasWeights ? ", the weight in the second (csv_weights=1)" : string.Empty)} and at least one feature after it.");
                }
            }

            var layout = new Layout(channel, name, firstFile ?? name, delimiter, fieldCount, hasWeights);
            var fileChunks = ParseFile(content, start, layout);
            chunks.AddRange(fileChunks);
            rows += fileChunks.Sum(chunk => chunk.Labels.Count);
        }

        if (rows == 0)
        {
            throw new AlgorithmException($"No data in {channel} channel: its {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}) contain no rows.");
        }

        var columns = fieldCount - (hasWeights ? 2 : 1);
        var values = Concat(chunks, chunk => chunk.Values);
        var labels = Concat(chunks, chunk => chunk.Labels);
        var weights = hasWeights ? Concat(chunks, chunk => chunk.Weights!) : null;
        var lineNumbers = Concat(chunks, chunk => chunk.LineNumbers);
        return new DataSet(channel, rows, columns, values, null, labels, weights, lineNumbers, fileStarts);
    }

    private static List<Chunk> ParseFile(byte[] content, int start, Layout layout)
    {
        var bounds = Split(content, start);
        var chunks = new Chunk[bounds.Count];
        if (bounds.Count == 1)
        {
            chunks[0] = ParseChunk(content, bounds[0].Start, bounds[0].End, bounds[0].FirstLine, layout);
            return [chunks[0]];
        }

        try
        {
            Parallel.For(0, bounds.Count, i => chunks[i] = ParseChunk(content, bounds[i].Start, bounds[i].End, bounds[i].FirstLine, layout));
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is AlgorithmException))
        {
            // Report the earliest bad line, as a sequential parse would.
            throw exception.InnerExceptions.Cast<AlgorithmException>().MinBy(inner => inner.Data["Line"] as int? ?? int.MaxValue)!;
        }

        return [.. chunks];
    }

    /// <summary>Splits the content into chunks that end at line ends, with the line number each chunk starts at.</summary>
    private static List<(int Start, int End, int FirstLine)> Split(byte[] content, int start)
    {
        var length = content.Length - start;
        var count = length < ParallelThreshold ? 1 : Math.Max(1, Environment.ProcessorCount);
        var bounds = new List<(int Start, int End, int FirstLine)>();
        var position = start;
        var line = 1;
        for (var i = 0; i < count && position < content.Length; i++)
        {
            var end = i == count - 1 ? content.Length : start + (int)((long)length * (i + 1) / count);
            if (end < content.Length)
            {
                var newline = content.AsSpan(end).IndexOf((byte)'\n');
                end = newline < 0 ? content.Length : end + newline + 1;
            }

            if (end <= position)
            {
                continue;
            }

            bounds.Add((position, end, line));
            line += content.AsSpan(position, end - position).Count((byte)'\n');
            position = end;
        }

        return bounds;
    }

    private static T[] Concat<T>(List<Chunk> chunks, Func<Chunk, List<T>> select)
    {
        var result = new T[chunks.Sum(chunk => select(chunk).Count)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var part = select(chunk);
            part.CopyTo(result, offset);
            offset += part.Count;
        }

        return result;
    }

    private static byte DetectDelimiter(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)'\n');
        var firstLine = end < 0 ? text : text[..end];
        if (firstLine.Contains((byte)','))
        {
            return (byte)',';
        }

        foreach (var candidate in "\t;|"u8)
        {
            if (firstLine.Contains(candidate))
            {
                return candidate;
            }
        }

        return (byte)',';
    }

    /// <summary>Returns the field count and line number of the first non-empty line, or null for an empty file.</summary>
    private static (int FieldCount, int LineNumber)? FirstRow(byte[] content, int start, byte delimiter)
    {
        var text = content.AsSpan(start);
        var lineNumber = 0;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (!line.IsEmpty)
            {
                return (line.Count(delimiter) + 1, lineNumber);
            }
        }

        return null;
    }

    private static float ParseCell(ReadOnlySpan<byte> cell, string file, int lineNumber, int column)
    {
        if (cell.Length is > 0 and <= 7 && TryParseSmallInteger(cell, out var integer))
        {
            return integer;
        }

        cell = cell.Trim(" \""u8);
        if (cell.IsEmpty)
        {
            return float.NaN;
        }

        if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var hint = lineNumber == 1
            ? " SageMaker XGBoost reads CSV without a header row: remove the header line."
            : " Every cell must be a number; leave a missing value empty.";
        throw Error($"File '{file}', line {lineNumber}, column {column + 1}: value '{DataFile.Show(cell)}' is not a number.{hint}", lineNumber);
    }

    /// <summary>Parses plain digit strings (the common case for pixel and count data) without the general parser.</summary>
    private static bool TryParseSmallInteger(ReadOnlySpan<byte> cell, out int value)
    {
        value = 0;
        foreach (var character in cell)
        {
            var digit = character - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static AlgorithmException Error(string message, int lineNumber)
    {
        var exception = new AlgorithmException(message);
        exception.Data["Line"] = lineNumber;
        return exception;
    }
}
