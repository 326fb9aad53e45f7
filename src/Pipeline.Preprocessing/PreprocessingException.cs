namespace Pipeline.Preprocessing;

/// <summary>
/// A problem with the input data or with the specification as applied to it. The message names the file, the
/// line, the column, the value and the fix; the same facts are available as properties.
/// </summary>
public sealed class PreprocessingException : Exception
{
    private const int MaxValueLength = 200;

    public PreprocessingException(string message, string? file, long? line, int? column, string? value, Exception? innerException = null)
        : base(message, innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Value = value;
    }

    public PreprocessingException()
    {
    }

    public PreprocessingException(string message)
        : base(message)
    {
    }

    public PreprocessingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? File { get; }

    /// <summary>The 1-based line (CSV, JSON Lines) or row (Parquet), when the problem is in one row.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column position, when the problem is in one cell.</summary>
    public int? Column { get; }

    public string? Value { get; }

    internal static string Shorten(string value) =>
        value.Length <= MaxValueLength ? value : string.Concat(value.AsSpan(0, MaxValueLength), "...");

    internal static PreprocessingException RaggedRow(string file, long line, int expected, int actual, string rowText) =>
        new(
            $"{file} line {line} has {actual} fields but the header has {expected}: '{Shorten(rowText)}'. " +
            "Quote values that contain the delimiter, or check input.delimiter and input.quote.",
            file, line, null, Shorten(rowText));

    internal static PreprocessingException EmptyInput(string file) =>
        new($"{file} contains no rows. Upload a file with a header and at least one data row.", file, null, null, null);
}
