using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Pipeline.Learning;

namespace Pipeline.Benchmarks.Learning;

/// <summary>
/// Wall time of one XGBoost training run, load to saved model, with the SageMaker MNIST parameters (max_depth 5,
/// eta 0.2, gamma 4, min_child_weight 6, multi:softmax, 10 classes) for 10 rounds on the digits rows repeated 5 times
/// (7,190 rows): the local training engine against the xgboost command-line program.
/// </summary>
public class TrainingBenchmarks
{
    private const int Rounds = 10;
    private string _csv = string.Empty;
    private string _workFolder = string.Empty;
    private string _config = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        (_csv, _) = BenchmarkData.Repeated(5);
        _workFolder = Path.Combine(BenchmarkData.Folder, "training");
        Directory.CreateDirectory(_workFolder);
        _config = Path.Combine(_workFolder, "train.conf");
        File.WriteAllText(_config, $"""
            objective = multi:softmax
            num_class = 10
            max_depth = 5
            eta = 0.2
            gamma = 4
            min_child_weight = 6
            num_round = {Rounds}
            data = "{_csv}?format=csv&label_column=0"
            model_out = "{Path.Combine(_workFolder, "cli.model")}"
            """);
    }

    [Benchmark(Baseline = true)]
    public int XGBoostCommandLine()
    {
        var start = new ProcessStartInfo("xgboost", _config) { WorkingDirectory = _workFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    [Benchmark]
    public async Task<int> TrainingEngineLocal()
    {
        var hyperParameters = new Dictionary<string, string>
        {
            ["objective"] = "multi:softmax",
            ["num_class"] = "10",
            ["max_depth"] = "5",
            ["eta"] = "0.2",
            ["gamma"] = "4",
            ["min_child_weight"] = "6",
            ["num_round"] = Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var request = new TrainingRequest(
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
            hyperParameters,
            [new TrainingChannel("train", [_csv], "text/csv")],
            Path.Combine(_workFolder, "model"),
            Path.Combine(_workFolder, "scratch"));
        var outcome = await new TrainingEngine().TrainAsync(request);
        return outcome.RoundsCompleted;
    }
}
