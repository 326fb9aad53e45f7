using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Parses SageMaker's training CSV: no header, the label in the first column, the instance weight in the
/// second when csv_weights is 1, features after that. Empty cells and "nan" are missing values.
/// </summary>
internal static class CsvDataReader
{
    public static DataSet Read(string channel, IReadOnlyList<string> files, string compressionType, bool hasWeights)
    {
        var values = new List<float>();
        var labels = new List<float>();
        var weights = hasWeights ? new List<float>() : null;
        var lineNumbers = new List<int>();
        var fileStarts = new List<(int FirstRow, string File)>();
        var fieldCount = -1;
        string? firstFile = null;
        var rows = 0;

        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            fileStarts.Add((rows, name));
            var content = DataFile.ReadAll(path, compressionType);
            var text = (ReadOnlySpan<byte>)content;
            if (text.StartsWith("\uFEFF"u8))
            {
                text = text[3..];
            }

            var delimiter = DetectDelimiter(text);
            var lineNumber = 0;
            while (!text.IsEmpty)
            {
                lineNumber++;
                var end = text.IndexOf((byte)'\n');
                var line = end < 0 ? text : text[..end];
                text = end < 0 ? [] : text[(end + 1)..];
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                if (line.IsEmpty)
                {
                    continue;
                }

                var count = ParseLine(line, delimiter, name, lineNumber, values, labels, weights);
                if (fieldCount < 0)
                {
                    fieldCount = count;
                    firstFile = name;
                    if (fieldCount < (hasWeights ? 3 : 2))
                    {
                        throw new AlgorithmException(
                            $"Channel '{channel}': file '{name}', line {lineNumber} has {count} column(s). SageMaker XGBoost CSV needs the label in the first column{(hasWeights ? ", the weight in the second (csv_weights=1)" : string.Empty)} and at least one feature after it.");
                    }
                }
                else if (count != fieldCount)
                {
                    throw new AlgorithmException(
                        $"Channel '{channel}': file '{name}', line {lineNumber} has {count} columns but file '{firstFile}' starts with rows of {fieldCount}. Every row needs the same number of columns; fill a missing value with an empty cell.");
                }

                lineNumbers.Add(lineNumber);
                rows++;
            }
        }

        if (rows == 0)
        {
            throw new AlgorithmException($"No data in {channel} channel: its {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}) contain no rows.");
        }

        var columns = fieldCount - (hasWeights ? 2 : 1);
        return new DataSet(channel, rows, columns, values.ToArray(), null, labels.ToArray(), weights?.ToArray(), lineNumbers.ToArray(), fileStarts);
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

    private static int ParseLine(
        ReadOnlySpan<byte> line, byte delimiter, string file, int lineNumber, List<float> values, List<float> labels, List<float>? weights)
    {
        var column = 0;
        while (true)
        {
            var end = line.IndexOf(delimiter);
            var cell = end < 0 ? line : line[..end];
            var value = ParseCell(cell, file, lineNumber, column);
            if (column == 0)
            {
                if (float.IsNaN(value))
                {
                    throw new AlgorithmException(
                        $"File '{file}', line {lineNumber}: the label (column 1) is empty. Every row needs a label in the first column.");
                }

                labels.Add(value);
            }
            else if (column == 1 && weights is not null)
            {
                if (float.IsNaN(value) || value < 0)
                {
                    throw new AlgorithmException(
                        $"File '{file}', line {lineNumber}: instance weight '{DataFile.Show(cell)}' in column 2 is not a non-negative number (csv_weights=1 reads the weight from the second column).");
                }

                weights.Add(value);
            }
            else
            {
                values.Add(value);
            }

            column++;
            if (end < 0)
            {
                return column;
            }

            line = line[(end + 1)..];
        }
    }

    private static float ParseCell(ReadOnlySpan<byte> cell, string file, int lineNumber, int column)
    {
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
        throw new AlgorithmException(
            $"File '{file}', line {lineNumber}, column {column + 1}: value '{DataFile.Show(cell)}' is not a number.{hint}");
    }
}
