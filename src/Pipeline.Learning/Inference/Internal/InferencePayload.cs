using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Learning.Internal.Data;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>Request rows parsed from an invocation body: dense (NaN = missing) or sparse.</summary>
internal sealed record InferencePayload(int Rows, int Columns, float[]? Dense, SparseRows? Sparse)
{
    public static InferencePayload Parse(string contentType, ReadOnlySpan<byte> body, long featureCount)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" or "csv" => ParseCsv(body, featureCount),
            "text/libsvm" or "text/x-libsvm" or "libsvm" => ParseLibSvm(body, featureCount),
            "application/json" => ParseJson(body, featureCount),
            _ => throw new InferenceException($"Content-type {contentType} is not supported. Use text/csv, text/libsvm or application/json.", 415),
        };
    }

    private static InferencePayload ParseCsv(ReadOnlySpan<byte> body, long featureCount)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        var lines = text.Split('\n');
        var delimiter = lines[0].Contains(',', StringComparison.Ordinal) ? ',' : lines[0].Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var values = new float[checked(lines.Length * (int)featureCount)];
        for (var row = 0; row < lines.Length; row++)
        {
            var cells = lines[row].TrimEnd('\r').Split(delimiter);
            CheckWidth(cells.Length, featureCount, row);
            for (var column = 0; column < cells.Length; column++)
            {
                var cell = cells[column].Trim();
                values[(row * featureCount) + column] = cell.Length == 0 ? float.NaN : ParseNumber(cell, row, column);
            }
        }

        return new InferencePayload(lines.Length, (int)featureCount, values, null);
    }

    private static InferencePayload ParseLibSvm(ReadOnlySpan<byte> body, long featureCount)
    {
        var lines = Encoding.UTF8.GetString(body).Trim().Split('\n');
        var rowPointers = new List<nuint> { 0 };
        var indices = new List<uint>();
        var values = new List<float>();
        var lineOf = new List<int>();
        for (var row = 0; row < lines.Length; row++)
        {
            foreach (var token in lines[row].Split(' ', '\t'))
            {
                var colon = token.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                if (!uint.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new InferenceException($"Loading libsvm data failed: row {row + 1}: feature index '{token[..colon]}' is not a non-negative integer.");
                }

                indices.Add(index);
                values.Add(ParseNumber(token[(colon + 1)..].Trim(), row, (int)index));
                lineOf.Add(row);
            }

            rowPointers.Add((nuint)indices.Count);
        }

        // The container shifts 1-based indices to 0-based when no index 0 appears in the request.
        if (indices.Count > 0 && indices.Min() >= 1)
        {
            for (var i = 0; i < indices.Count; i++)
            {
                indices[i]--;
            }
        }

        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] >= featureCount)
            {
                throw new InferenceException(
                    $"Loading libsvm data failed: row {lineOf[i] + 1} uses feature index {indices[i]} (0-based) but the model has {featureCount} features.");
            }
        }

        return new InferencePayload(lines.Length, (int)featureCount, null, new SparseRows(rowPointers.ToArray(), indices.ToArray(), values.ToArray()));
    }

    private static InferencePayload ParseJson(ReadOnlySpan<byte> body, long featureCount)
    {
        List<float[]> rows;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            rows = JsonRows(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new InferenceException($"Loading json data failed: {exception.Message}", exception);
        }

        var values = new float[checked(rows.Count * (int)featureCount)];
        for (var row = 0; row < rows.Count; row++)
        {
            CheckWidth(rows[row].Length, featureCount, row);
            rows[row].CopyTo(values, row * (int)featureCount);
        }

        return new InferencePayload(rows.Count, (int)featureCount, values, null);
    }

    /// <summary>Accepts {"instances": [{"features": [...]}, ...]}, {"instances": [[...]]}, [[...]], [...] and {"features": [...]}.</summary>
    private static List<float[]> JsonRows(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instances", out var instances))
        {
            root = instances;
        }

        if (root.ValueKind == JsonValueKind.Object || (root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(item => item.ValueKind is JsonValueKind.Number or JsonValueKind.Null)))
        {
            return [JsonRow(root, 0)];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceException("Loading json data failed: expected {\"instances\": [{\"features\": [...]}]} or an array of rows.");
        }

        return root.EnumerateArray().Select(JsonRow).ToList();
    }

    private static float[] JsonRow(JsonElement row, int index)
    {
        if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("features", out var features))
        {
            row = features;
        }

        if (row.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceException($"Loading json data failed: row {index + 1} is not an array of numbers or an object with \"features\".");
        }

        return row.EnumerateArray()
            .Select((cell, column) => cell.ValueKind == JsonValueKind.Null ? float.NaN
                : cell.ValueKind == JsonValueKind.Number ? cell.GetSingle()
                : throw new InferenceException($"Loading json data failed: row {index + 1}, column {column + 1}: value {cell.GetRawText()} is not a number."))
            .ToArray();
    }

    private static void CheckWidth(int width, long featureCount, int row)
    {
        if (width == featureCount)
        {
            return;
        }

        var hint = width == featureCount + 1 ? " Send rows without the label column." : string.Empty;
        throw new InferenceException(
            $"Feature size of inference data row {row + 1} is {width}, which is not consistent with feature size of trained model {featureCount}.{hint}");
    }

    private static float ParseNumber(string cell, int row, int column)
    {
        if (cell.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return float.NaN;
        }

        return float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InferenceException($"Unable to evaluate payload provided: row {row + 1}, column {column + 1}: value '{(cell.Length > 50 ? cell[..50] + "..." : cell)}' is not a number.");
    }
}
