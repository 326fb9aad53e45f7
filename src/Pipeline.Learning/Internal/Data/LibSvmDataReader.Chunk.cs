namespace Pipeline.Learning.Internal.Data;

/// <summary>Parsing one chunk of LIBSVM lines.</summary>
internal static partial class LibSvmDataReader
{
    private static Chunk ParseChunk(byte[] content, int start, int end, int firstLine, string file)
    {
        var text = content.AsSpan(start, end - start);
        var rowsEstimate = text.Count((byte)'\n') + 1;
        var chunk = new Chunk(text.Count((byte)':'), rowsEstimate);
        var lineNumber = firstLine - 1;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? [] : text[(newline + 1)..];
            var comment = line.IndexOf((byte)'#');
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            ParseLine(line, file, lineNumber, chunk);
        }

        return chunk;
    }

    private static void ParseLine(ReadOnlySpan<byte> line, string file, int lineNumber, Chunk chunk)
    {
        var rowStart = chunk.Indices.Count;
        var first = true;
        uint previous = 0;
        foreach (var range in line.SplitAny(" \t"u8))
        {
            var token = line[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (first)
            {
                first = false;
                var (label, weight) = ParseLabel(token, file, lineNumber);
                chunk.Labels.Add(label);
                chunk.Weights.Add(weight ?? 1f);
                chunk.AnyWeight |= weight.HasValue;
                continue;
            }

            var (index, value) = ParseFeature(token, file, lineNumber);
            if (chunk.Indices.Count > rowStart && index <= previous)
            {
                throw LineChunks.Error(
                    $"File '{file}', line {lineNumber}: feature index {index} follows index {previous}. LIBSVM indices must be strictly increasing within a line.", lineNumber);
            }

            previous = index;
            chunk.MaxIndex = Math.Max(chunk.MaxIndex, index);
            chunk.Indices.Add(index);
            chunk.Values.Add(value);
        }

        chunk.RowEnds.Add(chunk.Indices.Count);
        chunk.LineNumbers.Add(lineNumber);
    }

    /// <summary>The rows parsed from one chunk, with row ends relative to the chunk.</summary>
    private sealed class Chunk(int elementCapacity, int rowCapacity)
    {
        public List<uint> Indices { get; } = new(elementCapacity);

        public List<float> Values { get; } = new(elementCapacity);

        public List<float> Labels { get; } = new(rowCapacity);

        public List<float> Weights { get; } = new(rowCapacity);

        public List<int> RowEnds { get; } = new(rowCapacity);

        public List<int> LineNumbers { get; } = new(rowCapacity);

        public uint MaxIndex { get; set; }

        public bool AnyWeight { get; set; }
    }
}
