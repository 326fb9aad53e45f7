using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Learning.Internal.Data;

namespace Pipeline.Learning.Internal.LightGbm;

/// <summary>
/// Runs the SageMaker LightGBM algorithm: CSV with the label first; channels "train" and "validation", or one channel
/// (such as "training") whose files sit in train/ and validation/ folders with an optional categorical_index.json. Without
/// validation data, a fixed 20% of the training rows is held out. Classification picks binary or multiclass from the
/// labels; an image whose name contains "regression" trains a regression model.
/// </summary>
internal sealed class LightGbmTrainer(ILogger logger)
{
    /// <summary>The model file in the model directory: LightGBM's text model format.</summary>
    public const string ModelFileName = "lightgbm-model.txt";

    public TrainingOutcome Train(TrainingRequest request, bool regression, IProgress<TrainingRound>? progress, Action<string> log, CancellationToken cancellationToken)
    {
        var settings = LightGbmSettings.Parse(request.HyperParameters);
        var (trainFiles, validationFiles, categoricalFile, contentType, compression) = SplitChannels(request.Channels);
        if (ContentTypes.Parse(contentType) != DataFormat.Csv)
        {
            throw new AlgorithmException($"ContentType '{contentType}' is not supported by SageMaker LightGBM. Use text/csv with the label in the first column.");
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var train = CsvDataReader.Read("train", trainFiles, compression, hasWeights: false);
        var validation = validationFiles.Count > 0 ? CsvDataReader.Read("validation", validationFiles, compression, hasWeights: false) : null;
        Log.ChannelLoaded(logger, "train", train.RowCount, train.ColumnCount, stopwatch.ElapsedMilliseconds);
        var categorical = ReadCategoricalIndex(categoricalFile, train.ColumnCount);
        var (trainSet, validationSet) = validation is null ? HoldOut(train) : (Dense(train), Dense(validation));
        if (validation is not null && validation.ColumnCount != train.ColumnCount)
        {
            throw new AlgorithmException(
                $"The validation data has {validation.ColumnCount} feature columns but the train data has {train.ColumnCount}. Both need the same features in the same order.");
        }

        var (objective, classes) = regression ? ("regression", (int?)null) : Classify(train);
        var metric = settings.Metric != "auto" ? settings.Metric : objective switch
        {
            "binary" => "binary_logloss",
            "multiclass" => "multi_logloss",
            _ => "rmse",
        };
        log(FormattableString.Invariant($"Training LightGBM ({objective}{(classes is { } count ? $", {count} classes" : string.Empty)}) on {trainSet.Rows} rows and {train.ColumnCount} features, validating on {validationSet.Rows} rows"));

        using var capture = LightGbmLog.Capture(log);
        using var booster = LightGbmBooster.Create(settings.NativeParameters(objective, classes, metric, categorical), trainSet, validationSet);
        var names = booster.EvalNames();
        var best = (Round: -1, Value: double.NaN, Metrics: (IReadOnlyList<MetricValue>)[]);
        IReadOnlyList<MetricValue> last = [];
        var completed = 0;
        var interrupted = false;
        for (var round = 0; round < settings.NumBoostRound; round++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            var more = booster.UpdateOneIteration();
            completed = round + 1;
            var trainValues = booster.Evaluate(0, names.Count);
            var validationValues = booster.Evaluate(1, names.Count);
            last = names.Select((name, i) => new MetricValue("train:" + name, trainValues[i]))
                .Concat(names.Select((name, i) => new MetricValue(name, validationValues[i])))
                .ToList();
            log(FormattableString.Invariant($"[{round}]\t") + string.Join('\t', names.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"train-{name}: {trainValues[i]:G6}\tvalidation-{name}: {validationValues[i]:G6}"))));
            progress?.Report(new TrainingRound(round, last));

            var watched = validationValues[0];
            if (best.Round < 0 || (IsMaximized(names[0]) ? watched > best.Value : watched < best.Value))
            {
                best = (round, watched, last);
            }
            else if (settings.EarlyStoppingRounds is { } patience && round - best.Round >= patience)
            {
                log(FormattableString.Invariant($"Early stopping: best iteration is {best.Round + 1} with {names[0]} {best.Value:G6}"));
                break;
            }

            if (!more)
            {
                break;
            }
        }

        Directory.CreateDirectory(request.ModelDirectory);
        var useBest = settings.EarlyStoppingRounds is not null && best.Round >= 0;
        if (completed > 0)
        {
            booster.Save(Path.Combine(request.ModelDirectory, ModelFileName), useBest ? best.Round + 1 : completed);
        }

        return new TrainingOutcome(useBest ? best.Metrics : last, completed, interrupted);
    }

    private static bool IsMaximized(string metric) => metric is "auc" or "average_precision" or "auc_mu" || metric.StartsWith("ndcg", StringComparison.Ordinal) || metric.StartsWith("map", StringComparison.Ordinal);

    private static (List<string> Train, List<string> Validation, string? Categorical, string ContentType, string Compression) SplitChannels(IReadOnlyList<TrainingChannel> channels)
    {
        if (channels.Count == 0)
        {
            throw new AlgorithmException("Missing required channel: train. Add a 'train' channel (and optionally 'validation'), or one channel with train/ and validation/ folders.");
        }

        var train = new List<string>();
        var validation = new List<string>();
        string? categorical = null;
        foreach (var channel in channels)
        {
            foreach (var file in channel.Files)
            {
                var folder = Path.GetFileName(Path.GetDirectoryName(file)) ?? string.Empty;
                if (Path.GetFileName(file) == "categorical_index.json")
                {
                    categorical = file;
                }
                else if (channel.Name == "validation" || (channel.Name != "train" && folder == "validation"))
                {
                    validation.Add(file);
                }
                else
                {
                    train.Add(file);
                }
            }
        }

        if (train.Count == 0)
        {
            throw new AlgorithmException("No data in train channel: no training files were found. Put the training CSV in a 'train' channel or a train/ folder.");
        }

        var first = channels[0];
        return (train, validation, categorical, first.ContentType.Length == 0 ? "text/csv" : first.ContentType, first.CompressionType);
    }

    private static List<int> ReadCategoricalIndex(string? path, int featureCount)
    {
        if (path is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var indices = document.RootElement.GetProperty("cat_index_list").EnumerateArray().Select(item => item.GetInt32()).ToList();
            var invalid = indices.FirstOrDefault(index => index < 1 || index > featureCount);
            if (invalid != 0 || indices.Contains(0))
            {
                throw new AlgorithmException(
                    $"categorical_index.json: column index {invalid} is out of range. Indices count CSV columns from 0 (the label), so features are 1 to {featureCount}.");
            }

            return indices.Distinct().Order().Select(index => index - 1).ToList();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new AlgorithmException("categorical_index.json must be a JSON object like {\"cat_index_list\": [1, 4]} listing CSV column indices of categorical features.", exception);
        }
    }

    private static (string Objective, int? Classes) Classify(DataSet train)
    {
        var labels = train.Labels!;
        for (var row = 0; row < labels.Length; row++)
        {
            if (labels[row] < 0 || labels[row] != MathF.Floor(labels[row]))
            {
                throw new AlgorithmException(
                    $"Channel 'train', {train.DescribeRow(row)}: label {labels[row].ToString(CultureInfo.InvariantCulture)} is not a class index. Classification labels must be integers 0, 1, 2, ...; use a regression image for numeric targets.");
            }
        }

        var classes = (int)labels.Max() + 1;
        return classes <= 2 ? ("binary", null) : ("multiclass", classes);
    }

    private static (float[] Features, float[] Labels, int Rows, int Columns) Dense(DataSet data) => (data.Dense!, data.Labels!, data.RowCount, data.ColumnCount);

    /// <summary>Holds out a fixed 20% of the rows (every fifth after a seeded shuffle) as validation data.</summary>
    private static ((float[] Features, float[] Labels, int Rows, int Columns) Train, (float[] Features, float[] Labels, int Rows, int Columns) Validation) HoldOut(DataSet data)
    {
        var order = Enumerable.Range(0, data.RowCount).ToArray();
        new Random(0).Shuffle(order);
        var validationRows = order.Where((_, i) => i % 5 == 4).Order().ToArray();
        var trainRows = order.Where((_, i) => i % 5 != 4).Order().ToArray();
        return (Take(data, trainRows), Take(data, validationRows));
    }

    private static (float[] Features, float[] Labels, int Rows, int Columns) Take(DataSet data, int[] rows)
    {
        var columns = data.ColumnCount;
        var features = new float[rows.Length * columns];
        var labels = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Copy(data.Dense!, rows[i] * columns, features, i * columns, columns);
            labels[i] = data.Labels![rows[i]];
        }

        return (features, labels, rows.Length, columns);
    }
}
