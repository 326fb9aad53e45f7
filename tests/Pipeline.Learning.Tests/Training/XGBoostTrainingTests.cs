using System.Globalization;
using System.Text;
using Pipeline.Learning.Inference;

namespace Pipeline.Learning.Tests.Training;

public sealed class XGBoostTrainingTests
{
    private static readonly Dictionary<string, string> MnistParameters = new()
    {
        ["max_depth"] = "5",
        ["eta"] = "0.2",
        ["gamma"] = "4",
        ["min_child_weight"] = "6",
        ["objective"] = "multi:softmax",
        ["num_class"] = "10",
        ["num_round"] = "10",
    };

    [Fact]
    public async Task TrainAsync_DigitsMultiSoftmax_ReachesHighValidationAccuracy()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>(MnistParameters) { ["num_round"] = "50" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("digits.train.csv")), TestFiles.Csv("validation", TestFiles.Data("digits.validation.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request);

        Assert.Equal(50, outcome.RoundsCompleted);
        Assert.False(outcome.Interrupted);
        Assert.Contains(outcome.FinalMetrics, metric => metric.MetricName == "validation:mlogloss");
        Assert.Contains(outcome.FinalMetrics, metric => metric.MetricName == "train:mlogloss");
        var accuracy = Accuracy(files.ModelDirectory, TestFiles.Data("digits.validation.csv"));
        Assert.True(accuracy >= 0.93, $"validation accuracy {accuracy}");
    }

    [Fact]
    public async Task TrainAsync_DigitsLibSvmOneBased_UsesSixtyFourFeatures()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>(MnistParameters) { ["num_round"] = "30", ["eval_metric"] = "merror" };
        var request = files.Request(
            parameters,
            new TrainingChannel("train", [TestFiles.Data("digits.train.libsvm")], "text/libsvm"),
            new TrainingChannel("validation", [TestFiles.Data("digits.validation.libsvm")], "text/libsvm"));

        var outcome = await new TrainingEngine().TrainAsync(request);

        var error = Assert.Single(outcome.FinalMetrics, metric => metric.MetricName == "validation:merror");
        Assert.True(error.Value <= 0.08, $"validation merror {error.Value}");
        using var model = InferenceModelLoader.Load(files.ModelDirectory);
        var row = string.Join(',', Enumerable.Repeat("0", 64));
        var response = model.Invoke("text/csv", "text/csv", Encoding.UTF8.GetBytes(row));
        Assert.Single(Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task TrainAsync_BreastCancerBinaryLogistic_ReportsHighValidationAuc()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>
        {
            ["objective"] = "binary:logistic",
            ["num_round"] = "60",
            ["eval_metric"] = "logloss,auc",
            ["max_depth"] = "3",
        };
        var rounds = new List<TrainingRound>();
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")), TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request, new SynchronousProgress<TrainingRound>(rounds.Add));

        var names = outcome.FinalMetrics.Select(metric => metric.MetricName).ToArray();
        Assert.Equal(["train:logloss", "train:auc", "validation:logloss", "validation:auc"], names);
        var auc = outcome.FinalMetrics.Single(metric => metric.MetricName == "validation:auc").Value;
        Assert.True(auc >= 0.97, $"validation auc {auc}");
        Assert.Equal(60, rounds.Count);
        Assert.Equal(Enumerable.Range(0, 60), rounds.Select(round => round.Round));
        Assert.Equal(rounds[^1].Metrics, outcome.FinalMetrics);
    }

    [Fact]
    public async Task TrainAsync_EarlyStopping_StopsAndReportsBestRound()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>
        {
            ["objective"] = "binary:logistic",
            ["num_round"] = "1000",
            ["eta"] = "0.5",
            ["eval_metric"] = "logloss",
            ["early_stopping_rounds"] = "5",
        };
        var rounds = new List<TrainingRound>();
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")), TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request, new SynchronousProgress<TrainingRound>(rounds.Add));

        Assert.True(outcome.RoundsCompleted < 1000);
        var losses = rounds.Select(round => round.Metrics.Single(metric => metric.MetricName == "validation:logloss").Value).ToList();
        var best = losses.IndexOf(losses.Min());
        Assert.Equal(best + 5 + 1, outcome.RoundsCompleted);
        Assert.Equal(rounds[best].Metrics, outcome.FinalMetrics);
        Assert.Equal(best + 1, PythonBooster.NumBoostedRounds(files.ModelDirectory));
    }

    [Fact]
    public async Task TrainAsync_CancelledMidTraining_SavesLastCompletedRound()
    {
        using var files = new TestFiles();
        using var cancellation = new CancellationTokenSource();
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "500" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")));
        var progress = new SynchronousProgress<TrainingRound>(round =>
        {
            if (round.Round == 3)
            {
                cancellation.Cancel();
            }
        });

        var outcome = await new TrainingEngine().TrainAsync(request, progress, cancellationToken: cancellation.Token);

        Assert.True(outcome.Interrupted);
        Assert.Equal(4, outcome.RoundsCompleted);
        Assert.Equal(4, PythonBooster.NumBoostedRounds(files.ModelDirectory));
    }

    [Fact]
    public async Task TrainAsync_GzipChannel_ReadsCompressedCsv()
    {
        using var files = new TestFiles();
        var gzipPath = Path.Combine(files.Root, "train.csv.gz");
        await using (var output = File.Create(gzipPath))
        await using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(await File.ReadAllBytesAsync(TestFiles.Data("breast_cancer.train.csv")));
        }

        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "5", ["eval_metric"] = "error" };
        var request = files.Request(parameters, new TrainingChannel("train", [gzipPath], "text/csv", "Gzip"));

        var outcome = await new TrainingEngine().TrainAsync(request);

        var error = Assert.Single(outcome.FinalMetrics);
        Assert.Equal("train:error", error.MetricName);
        Assert.True(error.Value < 0.05);
    }

    [Fact]
    public async Task TrainAsync_LogSink_ReceivesEvaluationLines()
    {
        using var files = new TestFiles();
        var lines = new List<string>();
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "3", ["eval_metric"] = "auc" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")));

        await new TrainingEngine().TrainAsync(request, log: line => { lock (lines) { lines.Add(line); } });

        Assert.Contains(lines, line => line.StartsWith("[2]\ttrain-auc:", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Train matrix has 456 rows and 30 columns", StringComparison.Ordinal));
    }

    internal static double Accuracy(string modelDirectory, string labelledCsv)
    {
        var (labels, rows) = TestFiles.SplitLabels(labelledCsv);
        using var model = InferenceModelLoader.Load(modelDirectory);
        var response = model.Invoke("text/csv", "text/csv", Encoding.UTF8.GetBytes(string.Join('\n', rows)));
        var predictions = Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(labels.Length, predictions.Length);
        return labels.Zip(predictions).Count(pair => pair.First == pair.Second) / (double)labels.Length;
    }
}

/// <summary>An IProgress that reports on the calling thread, so tests see every round in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
