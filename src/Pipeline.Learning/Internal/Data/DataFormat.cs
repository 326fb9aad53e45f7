namespace Pipeline.Learning.Internal.Data;

/// <summary>File formats a channel can hold.</summary>
internal enum DataFormat
{
    Csv,
    LibSvm,
    Parquet,
}

/// <summary>Maps a channel ContentType to a <see cref="DataFormat"/> as the SageMaker XGBoost container does.</summary>
internal static class ContentTypes
{
    public static DataFormat Parse(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return DataFormat.LibSvm;
        }

        var parts = contentType.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var mediaType = parts.Length == 0 ? string.Empty : parts[0];
        switch (mediaType)
        {
            case "csv" or "text/csv":
                foreach (var parameter in parts.Skip(1))
                {
                    var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (pair[0] == "label_size" && (pair.Length < 2 || pair[1].Trim('"') != "1"))
                    {
                        throw new AlgorithmException(
                            $"{contentType} is not an accepted csv ContentType. Optional parameter label_size must be equal to 1.");
                    }
                }

                return DataFormat.Csv;
            case "libsvm" or "text/libsvm" or "text/x-libsvm":
                return DataFormat.LibSvm;
            case "parquet" or "application/x-parquet":
                return DataFormat.Parquet;
            case "recordio-protobuf" or "application/x-recordio-protobuf":
                throw new AlgorithmException(
                    $"ContentType {contentType} is not supported by the local XGBoost trainer. Use text/csv, text/libsvm or application/x-parquet.");
            default:
                throw new AlgorithmException(
                    $"{contentType} is not an accepted ContentType: text/csv, text/libsvm, text/x-libsvm, application/x-parquet.");
        }
    }
}
