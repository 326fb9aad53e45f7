using Parquet;
using Parquet.Schema;

namespace Pipeline.Learning.Internal.Data;

/// <summary>
/// Reads application/x-parquet channels as the SageMaker XGBoost container does: the label in the first column,
/// the instance weight in the second when csv_weights is 1, numeric features after that. Nulls are missing values.
/// </summary>
internal static class ParquetDataReader
{
    public static DataSet Read(string channel, IReadOnlyList<string> files, bool hasWeights) =>
        ReadAsync(channel, files, hasWeights).GetAwaiter().GetResult();

    private static async Task<DataSet> ReadAsync(string channel, IReadOnlyList<string> files, bool hasWeights)
    {
        var skip = hasWeights ? 2 : 1;
        var values = new List<float>();
        var labels = new List<float>();
        var weights = hasWeights ? new List<float>() : null;
        var rowNumbers = new List<int>();
        var fileStarts = new List<(int FirstRow, string File)>();
        var columnCount = -1;
        string? firstFile = null;

        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            fileStarts.Add((labels.Count, name));
            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(path).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or NotSupportedException)
            {
                throw new AlgorithmException($"File '{name}' is not a readable Parquet file ({exception.Message}). Check the channel's ContentType.", exception);
            }

            await using (reader.ConfigureAwait(false))
            {
                var fields = reader.Schema.GetDataFields();
                if (columnCount < 0)
                {
                    columnCount = fields.Length;
                    firstFile = name;
                    if (columnCount <= skip)
                    {
                        throw new AlgorithmException(
                            $"Channel '{channel}': file '{name}' has {columnCount} column(s). The label must be the first column and at least one feature must follow.");
                    }
                }
                else if (fields.Length != columnCount)
                {
                    throw new AlgorithmException(
                        $"Channel '{channel}': file '{name}' has {fields.Length} columns but file '{firstFile}' has {columnCount}. Every file needs the same columns.");
                }

                var fileRow = 0;
                for (var group = 0; group < reader.RowGroupCount; group++)
                {
                    using var rowGroup = reader.OpenRowGroupReader(group);
                    var rows = checked((int)rowGroup.RowCount);
                    var columns = new float[fields.Length][];
                    for (var column = 0; column < fields.Length; column++)
                    {
                        columns[column] = await ReadColumnAsync(rowGroup, fields[column], rows, name).ConfigureAwait(false);
                    }

                    for (var row = 0; row < rows; row++)
                    {
                        fileRow++;
                        var label = columns[0][row];
                        if (float.IsNaN(label))
                        {
                            throw new AlgorithmException($"File '{name}', row {fileRow}: the label (column '{fields[0].Name}') is null. Every row needs a label.");
                        }

                        labels.Add(label);
                        weights?.Add(columns[1][row]);
                        for (var column = skip; column < fields.Length; column++)
                        {
                            values.Add(columns[column][row]);
                        }

                        rowNumbers.Add(fileRow);
                    }
                }
            }
        }

        if (labels.Count == 0)
        {
            throw new AlgorithmException($"No data in {channel} channel: its {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}) contain no rows.");
        }

        return new DataSet(channel, labels.Count, columnCount - skip, values.ToArray(), null, labels.ToArray(), weights?.ToArray(), rowNumbers.ToArray(), fileStarts);
    }

    private static Task<float[]> ReadColumnAsync(ParquetRowGroupReader reader, DataField field, int rows, string file)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return type switch
        {
            _ when type == typeof(double) => ReadAsync<double>(reader, field, rows, value => (float)value),
            _ when type == typeof(float) => ReadAsync<float>(reader, field, rows, value => value),
            _ when type == typeof(long) => ReadAsync<long>(reader, field, rows, value => value),
            _ when type == typeof(int) => ReadAsync<int>(reader, field, rows, value => value),
            _ when type == typeof(short) => ReadAsync<short>(reader, field, rows, value => value),
            _ when type == typeof(byte) => ReadAsync<byte>(reader, field, rows, value => value),
            _ when type == typeof(sbyte) => ReadAsync<sbyte>(reader, field, rows, value => value),
            _ when type == typeof(bool) => ReadAsync<bool>(reader, field, rows, value => value ? 1f : 0f),
            _ when type == typeof(decimal) => ReadAsync<decimal>(reader, field, rows, value => (float)value),
            _ => throw new AlgorithmException(
                $"File '{file}': column '{field.Name}' has type {type.Name}. XGBoost needs numeric columns; encode text and dates as numbers before training."),
        };
    }

    private static async Task<float[]> ReadAsync<T>(ParquetRowGroupReader reader, DataField field, int rows, Func<T, float> convert)
        where T : struct
    {
        var result = new float[rows];
        if (field.IsNullable)
        {
            var buffer = new T?[rows];
            await reader.ReadAsync(field, buffer.AsMemory(), null).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = buffer[i] is { } value ? convert(value) : float.NaN;
            }
        }
        else
        {
            var buffer = new T[rows];
            await reader.ReadAsync(field, buffer.AsMemory(), null).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = convert(buffer[i]);
            }
        }

        return result;
    }
}
