using System.Globalization;
using Pipeline.Learning.Internal.Data;

namespace Pipeline.Learning.Tests.Data;

/// <summary>Files over 1 MiB are parsed in parallel chunks; the result and the errors must match a sequential read.</summary>
public sealed class ParallelReaderTests
{
    [Fact]
    public void CsvRead_LargeFile_KeepsRowsLabelsAndLineNumbers()
    {
        using var files = new TestFiles();
        var lines = RepeatedDigits(20);
        var path = files.Write("large.csv", string.Join('\n', lines) + "\n");
        Assert.True(new FileInfo(path).Length > 2 << 20);

        var data = CsvDataReader.Read("train", [path], "None", hasWeights: false);

        Assert.Equal(lines.Length, data.RowCount);
        Assert.Equal(64, data.ColumnCount);
        Assert.Equal(lines.Select(line => float.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)), data.Labels!);
        var lastCells = lines[^1].Split(',').Skip(1).Select(cell => float.Parse(cell, CultureInfo.InvariantCulture));
        Assert.Equal(lastCells, data.Dense!.AsSpan(data.Dense!.Length - 64).ToArray());
        Assert.Equal($"file 'large.csv', line {lines.Length}", data.DescribeRow(lines.Length - 1));
    }

    [Fact]
    public void CsvRead_LargeFileWithTwoBadCells_ReportsEarliestLine()
    {
        using var files = new TestFiles();
        var lines = RepeatedDigits(20);
        lines[9] = lines[9].Replace(",0,", ",x,", StringComparison.Ordinal);
        lines[^5] = lines[^5].Replace(",0,", ",y,", StringComparison.Ordinal);
        var path = files.Write("large.csv", string.Join('\n', lines) + "\n");

        var error = Assert.Throws<AlgorithmException>(() => CsvDataReader.Read("train", [path], "None", hasWeights: false));

        Assert.StartsWith("File 'large.csv', line 10, column ", error.Message, StringComparison.Ordinal);
        Assert.Contains("value 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibSvmRead_LargeFile_MatchesCsvValues()
    {
        using var files = new TestFiles();
        var lines = RepeatedDigits(20);
        var libsvm = lines.Select(line =>
        {
            var cells = line.Split(',');
            return cells[0] + string.Concat(cells.Skip(1).Select((cell, i) => cell == "0" ? string.Empty : $" {i + 1}:{cell}"));
        }).ToArray();
        var path = files.Write("large.libsvm", string.Join('\n', libsvm) + "\n");

        var data = LibSvmDataReader.Read("train", [path], "None");

        Assert.Equal(lines.Length, data.RowCount);
        var sparse = data.Sparse!;
        Assert.Equal((nuint)sparse.Values.Length, sparse.RowPointers[^1]);
        var lastRow = lines[^1].Split(',').Skip(1).Select((cell, i) => (Index: (uint)(i + 1), Value: float.Parse(cell, CultureInfo.InvariantCulture))).Where(cell => cell.Value != 0).ToArray();
        var start = (int)sparse.RowPointers[^2];
        Assert.Equal(lastRow.Select(cell => cell.Index), sparse.Indices[start..]);
        Assert.Equal(lastRow.Select(cell => cell.Value), sparse.Values[start..]);
        Assert.Equal($"file 'large.libsvm', line {lines.Length}", data.DescribeRow(lines.Length - 1));
    }

    [Fact]
    public void LibSvmRead_LargeFileWithTwoBadTokens_ReportsEarliestLine()
    {
        using var files = new TestFiles();
        var lines = Enumerable.Repeat("1 1:0.5 2:0.25 3:0.125 4:1 5:2 6:3 7:4 8:5", 60000).ToArray();
        lines[99] = "1 1:0.5 oops";
        lines[^3] = "1 2:x";
        var path = files.Write("large.libsvm", string.Join('\n', lines) + "\n");

        var error = Assert.Throws<AlgorithmException>(() => LibSvmDataReader.Read("train", [path], "None"));

        Assert.StartsWith("File 'large.libsvm', line 100: 'oops' is not an index:value pair", error.Message, StringComparison.Ordinal);
    }

    private static string[] RepeatedDigits(int copies)
    {
        var rows = File.ReadAllLines(TestFiles.Data("digits.train.csv")).Where(line => line.Length > 0).ToArray();
        return Enumerable.Repeat(rows, copies).SelectMany(row => row).ToArray();
    }
}
