namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>
/// The first pass's reading of one batch's profiled cells (<see cref="ColumnProfile.Classify"/>): each cell's kind
/// and value, row by row. Kept with the batch, it spares the second pass parsing the same cells again.
/// </summary>
internal sealed class ClassifiedCells
{
    private readonly int[] _slots;

    /// <param name="columns">The profiled column indexes, in the order of each row's cells.</param>
    /// <param name="fieldCount">The number of input columns.</param>
    public ClassifiedCells(int[] columns, int fieldCount)
    {
        Columns = columns;
        _slots = new int[fieldCount];
        Array.Fill(_slots, -1);
        for (var i = 0; i < columns.Length; i++)
        {
            _slots[columns[i]] = i;
        }
    }

    public int[] Columns { get; }

    public CellKind[] Kinds { get; private set; } = [];

    public double[] Values { get; private set; } = [];

    /// <summary>Makes room for <paramref name="rows"/> rows.</summary>
    public void Prepare(int rows)
    {
        if (Kinds.Length < rows * Columns.Length)
        {
            Kinds = new CellKind[rows * Columns.Length];
            Values = new double[rows * Columns.Length];
        }
    }

    /// <summary>Where the cell of input column <paramref name="column"/> of row <paramref name="row"/> is, or -1 if that column is not profiled.</summary>
    public int Cell(int row, int column)
    {
        var slot = _slots[column];
        return slot < 0 ? -1 : (row * Columns.Length) + slot;
    }
}
