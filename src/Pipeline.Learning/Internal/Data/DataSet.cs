namespace Pipeline.Learning.Internal.Data;

/// <summary>Rows in compressed sparse row form; indices are 0-based feature columns.</summary>
internal sealed record SparseRows(nuint[] RowPointers, uint[] Indices, float[] Values);

/// <summary>
/// One channel's parsed rows: features (dense row-major with NaN for missing, or sparse), labels,
/// optional instance weights, and where each row came from so errors can name file and line.
/// </summary>
internal sealed class DataSet
{
    private readonly int[] _lineNumbers;
    private readonly IReadOnlyList<(int FirstRow, string File)> _fileStarts;

    public DataSet(
        string channel, int rowCount, int columnCount, float[]? dense, SparseRows? sparse, float[]? labels, float[]? weights,
        int[] lineNumbers, IReadOnlyList<(int FirstRow, string File)> fileStarts)
    {
        Channel = channel;
        RowCount = rowCount;
        ColumnCount = columnCount;
        Dense = dense;
        Sparse = sparse;
        Labels = labels;
        Weights = weights;
        _lineNumbers = lineNumbers;
        _fileStarts = fileStarts;
    }

    public string Channel { get; }

    public int RowCount { get; }

    /// <summary>Number of feature columns (label and weight excluded).</summary>
    public int ColumnCount { get; private set; }

    public float[]? Dense { get; }

    public SparseRows? Sparse { get; }

    public bool IsSparse => Sparse is not null;

    public float[]? Labels { get; }

    public float[]? Weights { get; }

    /// <summary>Sets the column count of a sparse data set, to line up channels or after re-indexing.</summary>
    public void ResizeColumns(int columnCount)
    {
        if (!IsSparse || columnCount < 0)
        {
            throw new InvalidOperationException("Only a sparse data set can change its column count.");
        }

        ColumnCount = columnCount;
    }

    /// <summary>Returns "file 'name', line N" for a row.</summary>
    public string DescribeRow(int row)
    {
        var file = _fileStarts[0].File;
        foreach (var (firstRow, name) in _fileStarts)
        {
            if (firstRow > row)
            {
                break;
            }

            file = name;
        }

        return FormattableString.Invariant($"file '{file}', line {_lineNumbers[row]}");
    }
}
