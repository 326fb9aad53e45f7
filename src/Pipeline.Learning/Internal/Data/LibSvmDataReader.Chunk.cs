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
        var labelEnd = NextSeparator(line, 0);
        var (label, weight) = ParseLabel(line[..labelEnd], file, lineNumber);
        chunk.Labels.Add(label);
        chunk.Weights.Add(weight ?? 1f);
        chunk.AnyWeight |= weight.HasValue;
        var position = labelEnd;

        uint previous = 0;
        while (true)
        {
            while (position < line.Length && line[position] is (byte)' ' or (byte)'\t')
            {
                position++;
            }

            if (position >= line.Length)
            {
                break;
            }

            var tokenEnd = NextSeparator(line, position);
            var (index, value) = ParseToken(line[position..tokenEnd], file, lineNumber);
            position = tokenEnd;
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

    private static int NextSeparator(ReadOnlySpan<byte> line, int start)
    {
        var offset = line[start..].IndexOfAny((byte)' ', (byte)'\t');
        return offset < 0 ? line.Length : start + offset;
    }

    /// <summary>Parses "index:value", reading plain decimal indices inline and falling back to the checked parser otherwise.</summary>
    private static (uint Index, float Value) ParseToken(ReadOnlySpan<byte> token, string file, int lineNumber)
    {
        uint index = 0;
        var i = 0;
        while (i < token.Length && i < 9 && (uint)(token[i] - (byte)'0') <= 9)
        {
            index = (index * 10) + (uint)(token[i] - (byte)'0');
            i++;
        }

        if (i > 0 && i < token.Length && token[i] == (byte)':' && LineChunks.TryParseNumber(token[(i + 1)..], out var value))
        {
            return (index, value);
        }

        return ParseFeature(token, file, lineNumber);
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
