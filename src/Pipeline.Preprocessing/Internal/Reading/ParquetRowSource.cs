using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Pipeline.Preprocessing.Internal.Reading;

/// <summary>
/// Reads a Parquet file one row group at a time, turning each value into text: integers and decimals in invariant
/// form, floating point as the shortest round-trip text, booleans as <c>true</c>/<c>false</c>, timestamps as ISO 8601
/// (<c>yyyy-MM-ddTHH:mm:ss[.fffffff]</c>), dates as <c>yyyy-MM-dd</c>, binary as base64, and null as empty text.
/// Nested columns (lists, maps, structs) are rejected.
/// </summary>
internal sealed class ParquetRowSource : IRowSource
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly string[] _names;
    private string?[][] _columns = [];
    private int _rowGroup = -1;
    private int _rowInGroup;
    private int _rowsInGroup;
    private long _row;

    public ParquetRowSource(string path)
    {
        _path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _reader = ParquetReader.CreateAsync(_stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or Parquet.ParquetException)
        {
            _stream.Dispose();
            throw new PreprocessingException($"{path} is not a readable Parquet file: {ex.Message} Check input.format.", path, null, null, null, ex);
        }

        var nested = _reader.Schema.Fields.FirstOrDefault(field => field is not DataField || ((DataField)field).IsArray);
        if (nested is not null)
        {
            Dispose();
            throw new PreprocessingException(
                $"{path}: the Parquet column '{nested.Name}' is nested (a list, map or struct). Flatten it into plain columns before preprocessing.",
                path, null, null, nested.Name);
        }

        _fields = _reader.Schema.GetDataFields();
        _names = [.. _fields.Select(field => field.Name)];
    }

    public IReadOnlyList<string> ColumnNames => _names;

    public int FieldCount => _fields.Length;

    public ReadOnlySpan<char> this[int index] => _columns[index][_rowInGroup];

    public long LineNumber => _row;

    public long BytesRead => _rowGroup < 0 || _reader.RowGroupCount == 0 ? 0 : _stream.Length * _rowGroup / _reader.RowGroupCount;

    public long TotalBytes => _stream.Length;

    public bool Read()
    {
        while (++_rowInGroup >= _rowsInGroup)
        {
            if (_rowGroup + 1 >= _reader.RowGroupCount)
            {
                return false;
            }

            LoadRowGroup(++_rowGroup);
        }

        _row++;
        return true;
    }

    public void Dispose()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    private void LoadRowGroup(int index)
    {
        using var group = _reader.OpenRowGroupReader(index);
        _rowsInGroup = checked((int)group.RowCount);
        _rowInGroup = -1;
        _columns = new string?[_fields.Length][];
        for (var i = 0; i < _fields.Length; i++)
        {
            _columns[i] = ParquetColumnText.ReadAsync(group, _fields[i], _rowsInGroup).GetAwaiter().GetResult();
        }
    }
}

/// <summary>Reads one Parquet column of a row group as text.</summary>
internal static class ParquetColumnText
{
    public static async Task<string?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
            return values;
        }

        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>))
        {
            var values = new byte[]?[rows];
            await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
            return [.. values.Select(value => value is null ? null : Convert.ToBase64String(value))];
        }

        return type switch
        {
            _ when type == typeof(bool) => await Read<bool>(group, field, rows, value => value ? "true" : "false").ConfigureAwait(false),
            _ when type == typeof(byte) => await Read<byte>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await Read<sbyte>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(short) => await Read<short>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(ushort) => await Read<ushort>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(int) => await Read<int>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(uint) => await Read<uint>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(long) => await Read<long>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(ulong) => await Read<ulong>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(float) => await Read<float>(group, field, rows, value => float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null).ConfigureAwait(false),
            _ when type == typeof(double) => await Read<double>(group, field, rows, value => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null).ConfigureAwait(false),
            _ when type == typeof(decimal) => await Read<decimal>(group, field, rows, value => value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await Read<DateTime>(group, field, rows, FormatDateTime).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await Read<DateOnly>(group, field, rows, value => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(TimeSpan) => await Read<TimeSpan>(group, field, rows, value => value.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ when type == typeof(TimeOnly) => await Read<TimeOnly>(group, field, rows, value => (value.Ticks / (double)TimeSpan.TicksPerSecond).ToString("R", CultureInfo.InvariantCulture)).ConfigureAwait(false),
            _ => throw new PreprocessingException($"The Parquet column '{field.Name}' has the type {type.Name}, which the engine does not read. Convert it to a number or string column."),
        };
    }

    private static async Task<string?[]> Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, string?> format)
        where T : struct
    {
        var text = new string?[rows];
        if (!field.IsNullable)
        {
            // A required column is read into plain values. Read into nullable values, Parquet.Net 6.1 now and then
            // returned some rows as null and shifted the values after them.
            var required = new T[rows];
            await group.ReadAsync(field, required.AsMemory(), null).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                text[i] = format(required[i]);
            }

            return text;
        }

        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
        {
            text[i] = values[i] is { } value ? format(value) : null;
        }

        return text;
    }

    private static string FormatDateTime(DateTime value) =>
        value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
}
