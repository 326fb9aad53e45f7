using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Learning.Internal.Data;

/// <summary>Loads the train and validation channels into aligned data sets.</summary>
internal static class ChannelLoader
{
    public static (DataSet Train, DataSet? Validation) Load(
        IReadOnlyList<TrainingChannel> channels, bool csvWeights, ILogger logger)
    {
        TrainingChannel? train = null;
        TrainingChannel? validation = null;
        foreach (var channel in channels)
        {
            switch (channel.Name)
            {
                case "train":
                    train = channel;
                    break;
                case "validation":
                    validation = channel;
                    break;
                case "code":
                    break;
                default:
                    throw new AlgorithmException(
                        $"Extraneous channel found: {channel.Name}. SageMaker XGBoost takes the channels 'train' and 'validation'.");
            }
        }

        if (train is null)
        {
            throw new AlgorithmException("Missing required channel: train. Add an InputDataConfig channel named 'train'.");
        }

        var trainData = LoadChannel(train, csvWeights, logger);
        var validationData = validation is null ? null : LoadChannel(validation, csvWeights, logger);
        Align(trainData, validationData);
        return (trainData, validationData);
    }

    private static DataSet LoadChannel(TrainingChannel channel, bool csvWeights, ILogger logger)
    {
        if (channel.Files.Count == 0)
        {
            throw new AlgorithmException($"No data in {channel.Name} channel: the channel has no files. Check its S3Uri.");
        }

        var stopwatch = Stopwatch.StartNew();
        var data = ContentTypes.Parse(channel.ContentType) switch
        {
            DataFormat.Csv => CsvDataReader.Read(channel.Name, channel.Files, channel.CompressionType, csvWeights),
            DataFormat.LibSvm => LibSvmDataReader.Read(channel.Name, channel.Files, channel.CompressionType),
            _ => ParquetDataReader.Read(channel.Name, channel.Files, csvWeights),
        };
        Log.ChannelLoaded(logger, channel.Name, data.RowCount, data.ColumnCount, stopwatch.ElapsedMilliseconds);
        return data;
    }

    private static void Align(DataSet train, DataSet? validation)
    {
        DataSet[] all = validation is null ? [train] : [train, validation];
        if (train.IsSparse && LibSvmDataReader.IsOneBased(all))
        {
            // Files that never use index 0 are 1-based (as LIBSVM's own tools write them); XGBoost would
            // otherwise add an always-missing column 0 and shift every feature by one.
            foreach (var data in all.Where(data => data.IsSparse))
            {
                LibSvmDataReader.ShiftToZeroBased(data);
            }

            foreach (var data in all.Where(data => data.IsSparse && data.ColumnCount > 0))
            {
                data.ResizeColumns(data.ColumnCount - 1);
            }
        }

        if (validation is null)
        {
            return;
        }

        if (train.IsSparse || validation.IsSparse)
        {
            var columns = Math.Max(train.ColumnCount, validation.ColumnCount);
            foreach (var data in all.Where(data => data.IsSparse))
            {
                data.ResizeColumns(columns);
            }
        }

        if (train.ColumnCount != validation.ColumnCount)
        {
            throw new AlgorithmException(
                $"The validation channel has {validation.ColumnCount} feature columns but the train channel has {train.ColumnCount}. Both channels need the same features in the same order.");
        }
    }
}
