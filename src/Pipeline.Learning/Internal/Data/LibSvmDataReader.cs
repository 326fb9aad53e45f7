using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Parses LIBSVM text: <c>label[:weight] index:value ...</c>. Indices are kept as written; the caller
/// decides between 0-based and 1-based with <see cref="ShiftToZeroBased"/> once every channel is read.
/// Large files are parsed in parallel chunks split at line ends; errors still name the first bad line.
/// </summary>
internal static partial class LibSvmDataReader
{
    public static DataSet Read(string channel, IReadOnlyList<string> files, string compressionType)
    {
        var chunks = new List<Chunk>();
        var fileStarts = new List<(int FirstRow, string File)>();
        var rows = 0;
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            fileStarts.Add((rows, name));
            var content = DataFile.ReadAll(path, compressionType);
            var bounds = LineChunks.Split(content, 0);
            var parsed = new Chunk[bounds.Count];
            LineChunks.Run(bounds.Count, i => parsed[i] = ParseChunk(content, bounds[i].Start, bounds[i].End, bounds[i].FirstLine, name));
            chunks.AddRange(parsed);
            rows += parsed.Sum(chunk => chunk.Labels.Count);
        }

        if (rows == 0)
        {
            throw new AlgorithmException($"No data in {channel} channel: its {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}) contain no rows.");
        }

        var rowPointers = new nuint[rows + 1];
        var elementCount = chunks.Sum(chunk => chunk.Indices.Count);
        var indices = new uint[elementCount];
        var values = new float[elementCount];
        var row = 0;
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Indices.CopyTo(indices, offset);
            chunk.Values.CopyTo(values, offset);
            for (var i = 0; i < chunk.Labels.Count; i++)
            {
                rowPointers[row + i + 1] = (nuint)(offset + chunk.RowEnds[i]);
            }

            row += chunk.Labels.Count;
            offset += chunk.Indices.Count;
        }

        var maxIndex = chunks.Count == 0 ? 0 : chunks.Max(chunk => chunk.MaxIndex);
        var columns = elementCount == 0 ? 0 : (int)maxIndex + 1;
        var anyWeight = chunks.Any(chunk => chunk.AnyWeight);
        var sparse = new SparseRows(rowPointers, indices, values);
        return new DataSet(
            channel, rows, columns, null, sparse, LineChunks.Concat(chunks, chunk => chunk.Labels), anyWeight ? LineChunks.Concat(chunks, chunk => chunk.Weights) : null,
            LineChunks.Concat(chunks, chunk => chunk.LineNumbers), fileStarts);
    }

    /// <summary>Returns true when no row of any data set uses index 0, so the files are 1-based.</summary>
    public static bool IsOneBased(IEnumerable<DataSet> dataSets) =>
        dataSets.All(data => data.Sparse is null || !data.Sparse.Indices.Contains(0u));

    /// <summary>Moves 1-based indices to 0-based.</summary>
    public static void ShiftToZeroBased(DataSet data)
    {
        var indices = data.Sparse!.Indices;
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i]--;
        }
    }

    private static (float Label, float? Weight) ParseLabel(ReadOnlySpan<byte> token, string file, int lineNumber)
    {
        var colon = token.IndexOf((byte)':');
        var labelText = colon < 0 ? token : token[..colon];
        if (!float.TryParse(labelText, NumberStyles.Float, CultureInfo.InvariantCulture, out var label) || float.IsNaN(label))
        {
            throw LineChunks.Error(
                $"File '{file}', line {lineNumber}: label '{DataFile.Show(labelText)}' is not a number. A LIBSVM line starts with the label, then index:value pairs.", lineNumber);
        }

        if (colon < 0)
        {
            return (label, null);
        }

        var weightText = token[(colon + 1)..];
        if (!float.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight >= 0))
        {
            throw LineChunks.Error($"File '{file}', line {lineNumber}: instance weight '{DataFile.Show(weightText)}' after the label is not a non-negative number.", lineNumber);
        }

        return (label, weight);
    }

    private static (uint Index, float Value) ParseFeature(ReadOnlySpan<byte> token, string file, int lineNumber)
    {
        var colon = token.IndexOf((byte)':');
        if (colon < 0)
        {
            throw LineChunks.Error(
                $"File '{file}', line {lineNumber}: '{DataFile.Show(token)}' is not an index:value pair. A LIBSVM line is 'label index:value index:value ...'.", lineNumber);
        }

        var indexText = token[..colon];
        if (indexText.SequenceEqual("qid"u8))
        {
            throw LineChunks.Error(
                $"File '{file}', line {lineNumber}: query ids ('qid:') are not supported by the local XGBoost trainer. Remove them, or train ranking objectives on AWS.", lineNumber);
        }

        if (!uint.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= int.MaxValue)
        {
            throw LineChunks.Error($"File '{file}', line {lineNumber}: feature index '{DataFile.Show(indexText)}' is not a non-negative integer.", lineNumber);
        }

        var valueText = token[(colon + 1)..];
        if (!LineChunks.TryParseNumber(valueText, out var value))
        {
            throw LineChunks.Error($"File '{file}', line {lineNumber}: value '{DataFile.Show(valueText)}' of feature {index} is not a number.", lineNumber);
        }

        return (index, value);
    }
}
