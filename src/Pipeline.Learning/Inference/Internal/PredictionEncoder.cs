using System.Text;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>
/// Encodes predictions as the SageMaker XGBoost container's default (non-selectable) output does:
/// text/csv is one prediction per line ("0.97\n", or "p0,p1,...\n" for multi:softprob), application/json is
/// {"predictions": [{"score": 0.97}, ...]} in Python json.dumps spacing.
/// </summary>
internal static class PredictionEncoder
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string JsonLines = "application/jsonlines";

    public static readonly IReadOnlyList<string> SupportedAccepts = [Json, JsonLines, "application/x-recordio-protobuf", Csv];

    /// <summary>Returns the response media type for an Accept header; the container's default is text/csv.</summary>
    public static string ResolveAccept(string? accept)
    {
        var mediaType = accept?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(mediaType) || mediaType == "*/*")
        {
            return Csv;
        }

        if (mediaType is not (Csv or Json or JsonLines))
        {
            throw new InferenceException(
                $"Accept type {accept} is not supported. Please use supported accept types: [{string.Join(", ", SupportedAccepts.Select(type => $"'{type}'"))}].",
                406);
        }

        return mediaType;
    }

    /// <summary>Encodes predictions of shape rows (width 1) or rows x width.</summary>
    public static byte[] Encode(float[] values, int rows, int width, string mediaType)
    {
        var builder = new StringBuilder(values.Length * 12);
        switch (mediaType)
        {
            case Csv:
                for (var row = 0; row < rows; row++)
                {
                    for (var column = 0; column < width; column++)
                    {
                        builder.Append(column == 0 ? string.Empty : ",").Append(PythonFloat.Format(values[(row * width) + column]));
                    }

                    builder.Append('\n');
                }

                break;
            case Json:
                builder.Append("{\"predictions\": [");
                for (var row = 0; row < rows; row++)
                {
                    builder.Append(row == 0 ? string.Empty : ", ").Append("{\"score\": ");
                    AppendScore(builder, values, row, width);
                    builder.Append('}');
                }

                builder.Append("]}");
                break;
            default:
                for (var row = 0; row < rows; row++)
                {
                    builder.Append("{\"score\": ");
                    AppendScore(builder, values, row, width);
                    builder.Append("}\n");
                }

                break;
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void AppendScore(StringBuilder builder, float[] values, int row, int width)
    {
        if (width == 1)
        {
            builder.Append(PythonFloat.FormatJson(values[row]));
            return;
        }

        builder.Append('[');
        for (var column = 0; column < width; column++)
        {
            builder.Append(column == 0 ? string.Empty : ", ").Append(PythonFloat.FormatJson(values[(row * width) + column]));
        }

        builder.Append(']');
    }
}
