namespace Pipeline.Preprocessing.Internal.Reading;

/// <summary>
/// A forward-only reader of input rows as text fields (after unquoting and trimming), the common shape of CSV,
/// JSON Lines and Parquet input. Field spans are valid until the next <see cref="Read"/>.
/// </summary>
internal interface IRowSource : IDisposable
{
    /// <summary>The column names: the header, the JSON keys or Parquet fields, or <c>_c0</c>, <c>_c1</c>, ... without a header.</summary>
    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Advances to the next data row; returns false at the end of the input.</summary>
    bool Read();

    int FieldCount { get; }

    ReadOnlySpan<char> this[int index] { get; }

    /// <summary>The 1-based line (CSV, JSON Lines) or row number (Parquet) where the current row starts, for error messages.</summary>
    long LineNumber { get; }

    /// <summary>Bytes consumed so far, for progress.</summary>
    long BytesRead { get; }

    long TotalBytes { get; }
}
