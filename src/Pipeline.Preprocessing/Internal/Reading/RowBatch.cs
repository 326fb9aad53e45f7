using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Reading;

/// <summary>
/// A block of consecutive rows copied out of a source, so that a worker can process them while the reader moves on.
/// Each row is kept in the layout <see cref="Values.RowHasher"/> hashes: U+001F, field 0, U+001F, field 1, ....
/// Only where each field starts is stored: a field ends one character before the next field's start, the last at
/// the row's end.
/// As an <see cref="IRowSource"/> the batch reads its own rows from the first; <see cref="Rewind"/> starts over.
/// </summary>
internal sealed class RowBatch : IRowSource
{
    private const int MaxRows = 4096;
    private const int MaxCharacters = 1 << 20;

    private readonly IReadOnlyList<string> _names;
    private readonly int _fieldCount;
    private char[] _text;
    private int[] _starts;
    private readonly int[] _rowStarts = new int[MaxRows + 1];
    private readonly long[] _lines = new long[MaxRows];
    private int _textLength;
    private int _row = -1;

    public RowBatch(IReadOnlyList<string> names)
        : this(names, 1 << 16, names.Count * 64)
    {
    }

    /// <summary>A batch sized like <paramref name="like"/>, so that it fills without growing.</summary>
    public RowBatch(RowBatch like)
        : this(like._names, like._text.Length, like._starts.Length)
    {
    }

    private RowBatch(IReadOnlyList<string> names, int characters, int cells)
    {
        _names = names;
        _fieldCount = names.Count;
        _text = GC.AllocateUninitializedArray<char>(characters);
        _starts = GC.AllocateUninitializedArray<int>(Math.Max(cells, _fieldCount));
    }

    /// <summary>The position of the batch in the input, counting from 0.</summary>
    public long Sequence { get; private set; }

    /// <summary>The 0-based number of the batch's first row among all data rows of the input.</summary>
    public long FirstRow { get; private set; }

    public int Count { get; private set; }

    /// <summary>The characters the batch's rows take, separators included.</summary>
    public int TextLength => _textLength;

    /// <summary>The error that stopped the reader after the batch's rows, if any; it belongs after the last row.</summary>
    public Exception? ReadError { get; private set; }

    public IReadOnlyList<string> ColumnNames => _names;

    public int FieldCount => _fieldCount;

    /// <summary>The index of the current row within the batch.</summary>
    public int Current => _row;

    public ReadOnlySpan<char> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Field(_row, index);
    }

    /// <summary>Field <paramref name="index"/> of row <paramref name="row"/> of the batch, wherever the batch is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<char> Field(int row, int index)
    {
        var cell = (row * _fieldCount) + index;
        var start = _starts[cell];
        var end = index + 1 < _fieldCount ? _starts[cell + 1] - 1 : _rowStarts[row + 1];
        return _text.AsSpan(start, end - start);
    }

    /// <summary>The line row <paramref name="row"/> of the batch starts on.</summary>
    public long LineOf(int row) => _lines[row];

    /// <summary>The current row joined with U+001F before each field.</summary>
    public ReadOnlySpan<char> JoinedFields => _text.AsSpan(_rowStarts[_row], _rowStarts[_row + 1] - _rowStarts[_row]);

    public long LineNumber => _lines[_row];

    /// <summary>The source's byte position after the batch's last row.</summary>
    public long BytesRead { get; private set; }

    public long TotalBytes { get; private set; }

    /// <summary>
    /// Refills the batch with the next rows of <paramref name="source"/>. Returns false when the source had no rows
    /// left. An error from the source ends the batch early and is kept in <see cref="ReadError"/>, so the rows read
    /// before it are still processed first.
    /// </summary>
    public bool Fill(IRowSource source, long sequence, long firstRow)
    {
        Sequence = sequence;
        FirstRow = firstRow;
        Count = 0;
        ReadError = null;
        _textLength = 0;
        _row = -1;
        try
        {
            while (Count < MaxRows && _textLength < MaxCharacters && source.Read())
            {
                Append(source);
            }
        }
#pragma warning disable CA1031 // The error is raised again, in order, after the rows read before it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ReadError = ex;
        }

        BytesRead = source.BytesRead;
        TotalBytes = source.TotalBytes;
        return Count > 0 || ReadError is not null;
    }

    /// <summary>The first pass's classification of the batch's cells, when the batch was kept for the second pass.</summary>
    public Profiling.ClassifiedCells? Cells { get; set; }

    /// <summary>The managed memory the batch holds, in bytes.</summary>
    public long MemoryBytes => (_text.Length * 2L) + (_starts.Length * 4L) + (_rowStarts.Length * 4L) + (_lines.Length * 8L);

    /// <summary>Moves before the first row.</summary>
    public void Rewind() => _row = -1;

    public bool Read()
    {
        if (_row + 1 >= Count)
        {
            return false;
        }

        _row++;
        return true;
    }

    /// <summary>Moves to row <paramref name="row"/> of the batch.</summary>
    public void MoveTo(int row) => _row = row;

    public void Dispose()
    {
    }

    private void Append(IRowSource source)
    {
        var row = Count;
        var cellBase = row * _fieldCount;
        if (cellBase + _fieldCount > _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }

        _rowStarts[row] = _textLength;
        if (source is CsvRowSource csv)
        {
            csv.CopyCurrentRow(ref _text, ref _textLength, _starts.AsSpan(cellBase, _fieldCount));
        }
        else
        {
            for (var i = 0; i < _fieldCount; i++)
            {
                var field = source[i];
                Ensure(field.Length + 1);
                _text[_textLength++] = '\u001F';
                _starts[cellBase + i] = _textLength;
                field.CopyTo(_text.AsSpan(_textLength));
                _textLength += field.Length;
            }
        }

        _rowStarts[row + 1] = _textLength;
        _lines[row] = source.LineNumber;
        Count++;
    }

    private void Ensure(int more)
    {
        if (_textLength + more > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_textLength + more, _text.Length * 2));
        }
    }
}
