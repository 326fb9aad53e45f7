namespace Pipeline.Learning.Tests.Training;

/// <summary>The metrics the SageMaker XGBoost container computes itself (accuracy, f1, precision, recall, mse, r2).</summary>
public sealed class CustomMetricTests
{
    [Fact]
    public async Task TrainAsync_AccuracyMetric_MatchesInferenceAccuracy()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>
        {
            ["objective"] = "multi:softmax",
            ["num_class"] = "10",
            ["num_round"] = "15",
            ["eval_metric"] = "mlogloss,accuracy,f1",
        };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("digits.train.csv")), TestFiles.Csv("validation", TestFiles.Data("digits.validation.csv")));
        var lines = new List<string>();

        var outcome = await new TrainingEngine().TrainAsync(request, log: line => { lock (lines) { lines.Add(line); } });

        var names = outcome.FinalMetrics.Select(metric => metric.MetricName).ToArray();
        Assert.Equal(["train:mlogloss", "train:accuracy", "train:f1", "validation:mlogloss", "validation:accuracy", "validation:f1"], names);
        var accuracy = outcome.FinalMetrics.Single(metric => metric.MetricName == "validation:accuracy").Value;
        Assert.Equal(XGBoostTrainingTests.Accuracy(files.ModelDirectory, TestFiles.Data("digits.validation.csv")), accuracy, 9);
        Assert.InRange(outcome.FinalMetrics.Single(metric => metric.MetricName == "validation:f1").Value, 0.85, 1.0);
        Assert.Contains(lines, line => line.StartsWith("[14]\ttrain-mlogloss:", StringComparison.Ordinal) && line.Contains("\tvalidation-accuracy:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrainAsync_BinaryMetrics_AreHighOnBreastCancer()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>
        {
            ["objective"] = "binary:logistic",
            ["num_round"] = "20",
            ["eval_metric"] = "f1_binary,precision,recall,balanced_accuracy",
        };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")), TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request);

        foreach (var name in new[] { "f1_binary", "precision", "recall", "balanced_accuracy" })
        {
            Assert.InRange(outcome.FinalMetrics.Single(metric => metric.MetricName == "validation:" + name).Value, 0.9, 1.0);
        }

        // libxgboost's default metric for the objective is still reported when only container metrics are asked for.
        Assert.Contains(outcome.FinalMetrics, metric => metric.MetricName == "validation:logloss");
    }

    [Fact]
    public async Task TrainAsync_MseMetric_EqualsSquaredRmse()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string> { ["objective"] = "reg:squarederror", ["num_round"] = "10", ["eval_metric"] = "rmse,mse,r2" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request);

        var rmse = outcome.FinalMetrics.Single(metric => metric.MetricName == "train:rmse").Value;
        var mse = outcome.FinalMetrics.Single(metric => metric.MetricName == "train:mse").Value;
        Assert.Equal(rmse * rmse, mse, 4);
        Assert.InRange(outcome.FinalMetrics.Single(metric => metric.MetricName == "train:r2").Value, 0.5, 1.0);
    }

    [Fact]
    public async Task TrainAsync_TuningObjectiveAccuracy_ReportsIt()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "5", ["_tuning_objective_metric"] = "validation:accuracy" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")), TestFiles.Csv("validation", TestFiles.Data("breast_cancer.validation.csv")));

        var outcome = await new TrainingEngine().TrainAsync(request);

        Assert.InRange(outcome.FinalMetrics.Single(metric => metric.MetricName == "validation:accuracy").Value, 0.9, 1.0);
    }

    [Fact]
    public async Task TrainAsync_BinaryMetricOnMulticlass_FailsLikeContainer()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string> { ["objective"] = "multi:softmax", ["num_class"] = "10", ["num_round"] = "2", ["eval_metric"] = "precision" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("digits.train.csv")));

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(request));

        Assert.StartsWith("Target is multiclass but average='binary'", error.Message, StringComparison.Ordinal);
    }
}
