using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Learning.Inference;

namespace Pipeline.Learning.Tests.Training;

/// <summary>Checks models against Debian's python3-xgboost 1.7 and the xgboost command-line program.</summary>
public sealed class XGBoostCompatibilityTests
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
    public async Task SavedModel_LoadedByPythonXGBoost_PredictsTheSameAsInferenceModel()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "25", ["max_depth"] = "4" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")));
        await new TrainingEngine().TrainAsync(request);
        var (_, rows) = TestFiles.SplitLabels(TestFiles.Data("breast_cancer.validation.csv"));
        var featureCsv = files.Write("features.csv", string.Join('\n', rows) + "\n");

        var python = PythonBooster.Predict(files.ModelDirectory, featureCsv);
        using var model = InferenceModelLoader.Load(files.ModelDirectory);
        var response = model.Invoke("text/csv", "text/csv", Encoding.UTF8.GetBytes(string.Join('\n', rows)));
        var ours = Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(python.Length, ours.Length);
        Assert.Equal(python, ours);
    }

    [Fact]
    public async Task SavedModel_SoftProb_PythonAndInferenceModelGiveSameVectors()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>(MnistParameters) { ["objective"] = "multi:softprob" };
        var request = files.Request(parameters, TestFiles.Csv("train", TestFiles.Data("digits.train.csv")));
        await new TrainingEngine().TrainAsync(request);
        var (_, rows) = TestFiles.SplitLabels(TestFiles.Data("digits.validation.csv"));
        var featureCsv = files.Write("features.csv", string.Join('\n', rows.Take(40)) + "\n");

        var python = PythonBooster.Predict(files.ModelDirectory, featureCsv);
        using var model = InferenceModelLoader.Load(files.ModelDirectory);
        var response = model.Invoke("text/csv", null, Encoding.UTF8.GetBytes(string.Join('\n', rows.Take(40))));
        var ours = Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(10, ours[0].Split(',').Length);
        Assert.Equal(python, ours);
    }

    [Fact]
    public async Task MnistParameters_SameAsXGBoostCommandLine_GivesIdenticalPredictions()
    {
        using var files = new TestFiles();
        var train = TestFiles.Data("digits.train.csv");
        var validation = TestFiles.Data("digits.validation.csv");
        var request = files.Request(MnistParameters, TestFiles.Csv("train", train), TestFiles.Csv("validation", validation));
        await new TrainingEngine().TrainAsync(request);

        var cliPredictions = RunCommandLine(files, MnistParameters, train, validation);
        var ourPredictions = Predict(files.ModelDirectory, validation);

        Assert.Equal(359, cliPredictions.Length);
        Assert.Equal(cliPredictions, ourPredictions);
    }

    [Fact]
    public async Task MnistParametersSoftProb_SameAsXGBoostCommandLine_GivesSameProbabilities()
    {
        using var files = new TestFiles();
        var parameters = new Dictionary<string, string>(MnistParameters) { ["objective"] = "multi:softprob" };
        var train = TestFiles.Data("digits.train.csv");
        var validation = TestFiles.Data("digits.validation.csv");
        await new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", train)));

        var cli = RunCommandLine(files, parameters, train, validation);
        var ours = Predict(files.ModelDirectory, validation);

        // The command line prints 7 significant digits where Python's repr() prints 17, so compare as numbers.
        Assert.Equal(cli.Length, ours.Length);
        for (var i = 0; i < cli.Length; i++)
        {
            Assert.Equal(cli[i], ours[i], tolerance: 1e-6);
        }
    }

    private static double[] Predict(string modelDirectory, string labelledCsv)
    {
        var (_, rows) = TestFiles.SplitLabels(labelledCsv);
        using var model = InferenceModelLoader.Load(modelDirectory);
        var response = model.Invoke("text/csv", "text/csv", Encoding.UTF8.GetBytes(string.Join('\n', rows)));
        return Encoding.UTF8.GetString(response.Body)
            .Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static double[] RunCommandLine(TestFiles files, Dictionary<string, string> parameters, string train, string validation)
    {
        var config = new StringBuilder();
        foreach (var (name, value) in parameters.Where(pair => pair.Key != "num_round"))
        {
            config.Append(CultureInfo.InvariantCulture, $"{name} = {value}\n");
        }

        config.Append(CultureInfo.InvariantCulture, $"num_round = {parameters["num_round"]}\n");
        config.Append(CultureInfo.InvariantCulture, $"data = \"{train}?format=csv&label_column=0\"\n");
        config.Append(CultureInfo.InvariantCulture, $"test:data = \"{validation}?format=csv&label_column=0\"\n");
        config.Append(CultureInfo.InvariantCulture, $"model_out = \"{Path.Combine(files.Root, "cli.model")}\"\n");
        var configPath = files.Write("train.conf", config.ToString());

        RunXGBoost(files.Root, configPath);
        RunXGBoost(files.Root, configPath, "task=pred", $"model_in={Path.Combine(files.Root, "cli.model")}", $"name_pred={Path.Combine(files.Root, "pred.txt")}");
        return File.ReadAllText(Path.Combine(files.Root, "pred.txt"))
            .Split(['\n', '\t', ' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static void RunXGBoost(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("xgboost") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"xgboost failed: {output.Result}{error.Result}");
    }
}
