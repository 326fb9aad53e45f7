using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Learning.Inference;

namespace Pipeline.Learning.Tests.Training;

public sealed class LightGbmTrainingTests
{
    private const string ClassificationImage = "local/sagemaker-lightgbm-classification:latest";
    private const string RegressionImage = "local/sagemaker-lightgbm-regression:latest";

    [Fact]
    public async Task TrainAsync_BreastCancerBinary_ReportsHighValidationAuc()
    {
        using var files = new TestFiles();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "50", ["metric"] = "auc", ["num_leaves"] = "8" },
            TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")),
            TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv"))) with { TrainingImage = ClassificationImage };

        var outcome = await new TrainingEngine().TrainAsync(request);

        var auc = Assert.Single(outcome.FinalMetrics, metric => metric.MetricName == "auc");
        Assert.InRange(auc.Value, 0.97, 1.0);
        Assert.Contains(outcome.FinalMetrics, metric => metric.MetricName == "train:auc");
        using var model = InferenceModelLoader.Load(files.ModelDirectory);
        Assert.Equal("LightGBM", model.Algorithm);
        var (labels, rows) = TestFiles.SplitLabels(TestFiles.Data("breast_cancer.validation.csv"));
        var response = model.Invoke("text/csv", "application/json", Encoding.UTF8.GetBytes(string.Join('\n', rows)));
        using var document = JsonDocument.Parse(response.Body);
        var predicted = document.RootElement.GetProperty("predictions").EnumerateArray().Select(item => item.GetProperty("predicted_label").GetInt32()).ToArray();
        Assert.Equal(labels.Length, predicted.Length);
        Assert.True(labels.Zip(predicted).Count(pair => (int)pair.First == pair.Second) >= labels.Length * 0.93);
    }

    [Fact]
    public async Task TrainAsync_DigitsMulticlass_PredictsMostDigits()
    {
        using var files = new TestFiles();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "60", ["learning_rate"] = "0.2", ["num_leaves"] = "16" },
            TestFiles.Csv("train", TestFiles.Data("digits.train.csv")),
            TestFiles.Csv("validation", TestFiles.Data("digits.validation.csv"))) with { TrainingImage = ClassificationImage };

        var outcome = await new TrainingEngine().TrainAsync(request);

        Assert.Contains(outcome.FinalMetrics, metric => metric.MetricName == "multi_logloss");
        using var model = InferenceModelLoader.Load(files.ModelDirectory);
        var (labels, rows) = TestFiles.SplitLabels(TestFiles.Data("digits.validation.csv"));
        var response = model.Invoke("text/csv", "text/csv", Encoding.UTF8.GetBytes(string.Join('\n', rows)));
        var lines = Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var predicted = lines.Select(line => line.Split(',').Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToList()).Select(values => values.IndexOf(values.Max())).ToArray();
        Assert.Equal(10, lines[0].Split(',').Length);
        var accuracy = labels.Zip(predicted).Count(pair => (int)pair.First == pair.Second) / (double)labels.Length;
        Assert.True(accuracy >= 0.93, $"accuracy {accuracy}");
    }

    [Fact]
    public async Task TrainAsync_RegressionImage_ReportsRmse()
    {
        using var files = new TestFiles();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "20" },
            TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv"))) with { TrainingImage = RegressionImage };

        var outcome = await new TrainingEngine().TrainAsync(request);

        var rmse = Assert.Single(outcome.FinalMetrics, metric => metric.MetricName == "rmse");
        Assert.InRange(rmse.Value, 0, 0.4);
    }

    [Fact]
    public async Task TrainAsync_OneChannelWithFolders_ReadsTrainValidationAndCategoricalIndex()
    {
        using var files = new TestFiles();
        var train = Path.Combine(files.Root, "training", "train", "data.csv");
        var validation = Path.Combine(files.Root, "training", "validation", "data.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(train)!);
        Directory.CreateDirectory(Path.GetDirectoryName(validation)!);
        File.Copy(TestFiles.Data("breast_cancer.train.csv"), train);
        File.Copy(TestFiles.Data("breast_cancer.validation.csv"), validation);
        var categorical = files.Write("training/categorical_index.json", """{"cat_index_list": [3]}""");
        var lines = new List<string>();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "5" },
            new TrainingChannel("training", [categorical, train, validation], "text/csv")) with { TrainingImage = ClassificationImage };

        await new TrainingEngine().TrainAsync(request, log: line => { lock (lines) { lines.Add(line); } });

        Assert.Contains(lines, line => line.Contains("on 456 rows and 30 features, validating on 113 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrainAsync_NoValidation_HoldsOutFifthOfRows()
    {
        using var files = new TestFiles();
        var lines = new List<string>();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "3" },
            TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv"))) with { TrainingImage = ClassificationImage };

        await new TrainingEngine().TrainAsync(request, log: line => { lock (lines) { lines.Add(line); } });

        Assert.Contains(lines, line => line.Contains("on 365 rows and 30 features, validating on 91 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrainAsync_EarlyStoppingDefault_StopsBeforeBudget()
    {
        using var files = new TestFiles();
        var request = files.Request(
            new Dictionary<string, string> { ["num_boost_round"] = "2000", ["learning_rate"] = "0.5" },
            TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")),
            TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv"))) with { TrainingImage = ClassificationImage };

        var outcome = await new TrainingEngine().TrainAsync(request);

        Assert.True(outcome.RoundsCompleted < 2000, $"{outcome.RoundsCompleted} rounds");
    }

    [Theory]
    [InlineData("objective", "binary", "Extraneous hyperparameter found: objective")]
    [InlineData("learning_rate", "1.5", "Hyperparameter learning_rate: value 1.5 not in range (0, 1)")]
    [InlineData("metric", "accuracy", "Hyperparameter metric: accuracy is not in")]
    public async Task TrainAsync_InvalidHyperParameter_NamesIt(string name, string value, string expected)
    {
        using var files = new TestFiles();
        var request = files.Request(
            new Dictionary<string, string> { [name] = value },
            TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv"))) with { TrainingImage = ClassificationImage };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(request));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_FractionalLabelForClassification_NamesLine()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "0,1,2\n1,3,4\n0.5,5,6\n");
        var request = files.Request(new Dictionary<string, string>(), TestFiles.Csv("train", path)) with { TrainingImage = ClassificationImage };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(request));

        Assert.Contains("file 'train.csv', line 3: label 0.5 is not a class index", error.Message, StringComparison.Ordinal);
    }
}
