using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Parses LIBSVM text: <c>label[:weight] index:value ...</c>. Indices are kept as written; the caller
/// decides between 0-based and 1-based with <see cref="ShiftToZeroBased"/> once every channel is read.
/// </summary>
internal static class LibSvmDataReader
{
    public static DataSet Read(string channel, IReadOnlyList<string> files, string compressionType)
    {
        var rowPointers = new List<nuint> { 0 };
        var indices = new List<uint>();
        var values = new List<float>();
        var labels = new List<float>();
        var weights = new List<float>();
        var anyWeight = false;
        var lineNumbers = new List<int>();
        var fileStarts = new List<(int FirstRow, string File)>();
        uint maxIndex = 0;

        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            fileStarts.Add((labels.Count, name));
            var text = (ReadOnlySpan<byte>)DataFile.ReadAll(path, compressionType);
            var lineNumber = 0;
            while (!text.IsEmpty)
            {
                lineNumber++;
                var end = text.IndexOf((byte)'\n');
                var line = end < 0 ? text : text[..end];
                text = end < 0 ? [] : text[(end + 1)..];
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

                var tokenIndex = 0;
                uint previous = 0;
                foreach (var range in line.SplitAny(" \t"u8))
                {
                    var token = line[range];
                    if (token.IsEmpty)
                    {
                        continue;
                    }

                    if (tokenIndex++ == 0)
                    {
                        var (label, weight) = ParseLabel(token, name, lineNumber);
                        labels.Add(label);
                        weights.Add(weight ?? 1f);
                        anyWeight |= weight.HasValue;
                        continue;
                    }

                    var (index, value) = ParseFeature(token, name, lineNumber);
                    if (indices.Count > (int)rowPointers[^1] && index <= previous)
                    {
                        throw new AlgorithmException(
                            $"File '{name}', line {lineNumber}: feature index {index} follows index {previous}. LIBSVM indices must be strictly increasing within a line.");
                    }

                    previous = index;
                    maxIndex = Math.Max(maxIndex, index);
                    indices.Add(index);
                    values.Add(value);
                }

                rowPointers.Add((nuint)indices.Count);
                lineNumbers.Add(lineNumber);
            }
        }

        if (labels.Count == 0)
        {
            throw new AlgorithmException($"No data in {channel} channel: its {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}) contain no rows.");
        }

        var sparse = new SparseRows(rowPointers.ToArray(), indices.ToArray(), values.ToArray());
        var columns = indices.Count == 0 ? 0 : (int)maxIndex + 1;
        return new DataSet(channel, labels.Count, columns, null, sparse, labels.ToArray(), anyWeight ? weights.ToArray() : null, lineNumbers.ToArray(), fileStarts);
    }

    /// <summary>Returns true when no row of any data set uses index 0, so the files are 1-based.</summary>
    public static bool IsOneBased(IEnumerable<DataSet> dataSets) =>
        dataSets.All(data => data.Sparse is null || !data.Sparse.Indices.Contains(0u));

    /// <summary>Moves 1-based indices to 0-based and returns the new data set.</summary>
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
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: label '{DataFile.Show(labelText)}' is not a number. A LIBSVM line starts with the label, then index:value pairs.");
        }

        if (colon < 0)
        {
            return (label, null);
        }

        var weightText = token[(colon + 1)..];
        if (!float.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight >= 0))
        {
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: instance weight '{DataFile.Show(weightText)}' after the label is not a non-negative number.");
        }

        return (label, weight);
    }

    private static (uint Index, float Value) ParseFeature(ReadOnlySpan<byte> token, string file, int lineNumber)
    {
        var colon = token.IndexOf((byte)':');
        if (colon < 0)
        {
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: '{DataFile.Show(token)}' is not an index:value pair. A LIBSVM line is 'label index:value index:value ...'.");
        }

        var indexText = token[..colon];
        if (indexText.SequenceEqual("qid"u8))
        {
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: query ids ('qid:') are not supported by the local XGBoost trainer. Remove them, or train ranking objectives on AWS.");
        }

        if (!uint.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= int.MaxValue)
        {
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: feature index '{DataFile.Show(indexText)}' is not a non-negative integer.");
        }

        var valueText = token[(colon + 1)..];
        if (!float.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new AlgorithmException(
                $"File '{file}', line {lineNumber}: value '{DataFile.Show(valueText)}' of feature {index} is not a number.");
        }

        return (index, value);
    }
}
