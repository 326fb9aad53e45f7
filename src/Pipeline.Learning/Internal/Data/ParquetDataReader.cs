namespace Pipeline.Learning.Internal.Data;

/// <summary>Reads application/x-parquet channels: the label in the first column, numeric features after it.</summary>
internal static class ParquetDataReader
{
    public static DataSet Read(string channel, IReadOnlyList<string> files, bool hasWeights)
    {
        // TODO: read Parquet through Parquet.Net; until then Parquet channels are rejected with this message.
        _ = files;
        _ = hasWeights;
        throw new AlgorithmException(
            $"Channel '{channel}': application/x-parquet is not supported by the local trainer yet. Convert the data to text/csv or text/libsvm.");
    }
}
