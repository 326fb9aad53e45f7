namespace Pipeline.Learning.Internal.Data;

/// <summary>Parsing one chunk of lines.</summary>
internal static partial class CsvDataReader
{
    private static Chunk ParseChunk(byte[] content, int start, int end, int firstLine, Layout layout)
    {
        var text = content.AsSpan(start, end - start);
        var rowsEstimate = text.Count((byte)'\n') + 1;
        var chunk = new Chunk(Math.Max(0, layout.FieldCount) * rowsEstimate, rowsEstimate, layout.HasWeights);
        var lineNumber = firstLine - 1;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? [] : text[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            var count = line.Count(layout.Delimiter) + 1;
            if (count != layout.FieldCount)
            {
                throw LineChunks.Error(
                    $"Channel '{layout.Channel}': file '{layout.File}', line {lineNumber} has {count} columns but file '{layout.FirstFile}' starts with rows of {layout.FieldCount}. Every row needs the same number of columns; fill a missing value with an empty cell.",
                    lineNumber);
            }

            ParseLine(line, layout, lineNumber, chunk);
            chunk.LineNumbers.Add(lineNumber);
        }

        return chunk;
    }

    private static void ParseLine(ReadOnlySpan<byte> line, Layout layout, int lineNumber, Chunk chunk)
    {
        var column = 0;
        while (true)
        {
            var end = line.IndexOf(layout.Delimiter);
            var cell = end < 0 ? line : line[..end];
            var value = ParseCell(cell, layout.File, lineNumber, column);
            if (column == 0)
            {
                if (float.IsNaN(value))
                {
                    throw LineChunks.Error($"File '{layout.File}', line {lineNumber}: the label (column 1) is empty. Every row needs a label in the first column.", lineNumber);
                }

                chunk.Labels.Add(value);
            }
            else if (column == 1 && layout.HasWeights)
            {
                if (float.IsNaN(value) || value < 0)
                {
                    throw LineChunks.Error(
                        $"File '{layout.File}', line {lineNumber}: instance weight '{DataFile.Show(cell)}' in column 2 is not a non-negative number (csv_weights=1 reads the weight from the second column).",
                        lineNumber);
                }

                chunk.Weights!.Add(value);
            }
            else
            {
                chunk.Values.Add(value);
            }

            column++;
            if (end < 0)
            {
                return;
            }

            line = line[(end + 1)..];
        }
    }

    /// <summary>What every chunk of one file shares.</summary>
    private sealed record Layout(string Channel, string File, string FirstFile, byte Delimiter, int FieldCount, bool HasWeights);

    /// <summary>The rows parsed from one chunk.</summary>
    private sealed class Chunk(int valueCapacity, int rowCapacity, bool hasWeights)
    {
        public List<float> Values { get; } = new(valueCapacity);

        public List<float> Labels { get; } = new(rowCapacity);

        public List<float>? Weights { get; } = hasWeights ? new(rowCapacity) : null;

        public List<int> LineNumbers { get; } = new(rowCapacity);
    }
}
