namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>
/// The first pass's reading of one batch's profiled cells (<see cref="ColumnProfile.Classify"/>): each cell's kind
/// and value, row by row. Kept with the batch (see <see cref="Keep"/>), it spares the second pass parsing the same
/// cells again.
/// </summary>
internal sealed class ClassifiedCells
{
    private readonly int[] _slots;

    // Per profiled column: the values of its date cells by row, when the batch has any. The second pass needs no
    // other value: numbers are written as their text, categories are looked up by it.
    private readonly double[]?[] _dates;

    /// <param name="columns">The profiled column indexes, in the order of each row's cells.</param>
    /// <param name="fieldCount">The number of input columns.</param>
    public ClassifiedCells(int[] columns, int fieldCount)
        : this(columns, CreateSlots(columns, fieldCount))
    {
    }

    private ClassifiedCells(int[] columns, int[] slots)
    {
        Columns = columns;
        _slots = slots;
        _dates = new double[]?[columns.Length];
        HasDates = new bool[columns.Length];
    }

    public int[] Columns { get; }

    public CellKind[] Kinds { get; private set; } = [];

    /// <summary>Each cell's number or Unix seconds, row by row; filled by the first pass and not kept.</summary>
    public double[] Values { get; private set; } = [];

    /// <summary>Per profiled column, whether the batch has a date cell in it; set by the worker that fills <see cref="Kinds"/>.</summary>
    public bool[] HasDates { get; }

    /// <summary>The managed memory the kept form holds, in bytes.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Makes room for <paramref name="rows"/> rows and clears <see cref="HasDates"/>.</summary>
    public void Prepare(int rows)
    {
        Array.Clear(HasDates);
        if (Kinds.Length < rows * Columns.Length)
        {
            Kinds = new CellKind[rows * Columns.Length];
            Values = new double[rows * Columns.Length];
        }
    }

    /// <summary>
    /// A copy of the first <paramref name="rows"/> rows' kinds and date values, sized to fit, for the second pass;
    /// this instance stays with its worker and is filled again.
    /// </summary>
    public ClassifiedCells Keep(int rows)
    {
        var width = Columns.Length;
        var kept = new ClassifiedCells(Columns, _slots) { Kinds = Kinds.AsSpan(0, rows * width).ToArray() };
        kept.MemoryBytes = kept.Kinds.Length;
        for (var slot = 0; slot < width; slot++)
        {
            if (!HasDates[slot])
            {
                continue;
            }

            var dates = new double[rows];
            for (var row = 0; row < rows; row++)
            {
                dates[row] = Values[(row * width) + slot];
            }

            kept._dates[slot] = dates;
            kept.MemoryBytes += dates.Length * 8L;
        }

        return kept;
    }

    /// <summary>Where the cell of input column <paramref name="column"/> of row <paramref name="row"/> is, or -1 if that column is not profiled.</summary>
    public int Cell(int row, int column)
    {
        var slot = _slots[column];
        return slot < 0 ? -1 : (row * Columns.Length) + slot;
    }

    /// <summary>The Unix seconds of a cell whose kind is <see cref="CellKind.DateTime"/>, in a kept copy.</summary>
    public double DateValue(int row, int column) => _dates[_slots[column]]![row];

    private static int[] CreateSlots(int[] columns, int fieldCount)
    {
        var slots = new int[fieldCount];
        Array.Fill(slots, -1);
        for (var i = 0; i < columns.Length; i++)
        {
            slots[columns[i]] = i;
        }

        return slots;
    }
}
