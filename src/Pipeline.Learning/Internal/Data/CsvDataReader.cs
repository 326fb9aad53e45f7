using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Parses SageMaker's training CSV: no header, the label in the first column, the instance weight in the
/// second when csv_weights is 1, features after that. Empty cells and "nan" are missing values. Large files are
/// parsed in parallel chunks split at line ends; errors still name the first bad line of the file.
/// </summary>
internal static partial class CsvDataReader
{
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
        var values = LineChunks.Concat(chunks, chunk => chunk.Values);
        var labels = LineChunks.Concat(chunks, chunk => chunk.Labels);
        var weights = hasWeights ? LineChunks.Concat(chunks, chunk => chunk.Weights!) : null;
        var lineNumbers = LineChunks.Concat(chunks, chunk => chunk.LineNumbers);
        return new DataSet(channel, rows, columns, values, null, labels, weights, lineNumbers, fileStarts);
    }

    private static List<Chunk> ParseFile(byte[] content, int start, Layout layout)
    {
        var bounds = LineChunks.Split(content, start);
        var chunks = new Chunk[bounds.Count];
        LineChunks.Run(bounds.Count, i => chunks[i] = ParseChunk(content, bounds[i].Start, bounds[i].End, bounds[i].FirstLine, layout));
        return [.. chunks];
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
        if (LineChunks.TryParseNumber(cell, out var value))
        {
            return value;
        }

        cell = cell.Trim(" \""u8);
        if (cell.IsEmpty)
        {
            return float.NaN;
        }

        if (LineChunks.TryParseNumber(cell, out value))
        {
            return value;
        }

        var hint = lineNumber == 1
            ? " SageMaker XGBoost reads CSV without a header row: remove the header line."
            : " Every cell must be a number; leave a missing value empty.";
        throw LineChunks.Error($"File '{file}', line {lineNumber}, column {column + 1}: value '{DataFile.Show(cell)}' is not a number.{hint}", lineNumber);
    }
}
