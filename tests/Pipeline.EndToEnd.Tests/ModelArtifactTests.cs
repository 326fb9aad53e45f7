using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Pipeline.EndToEnd.Tests;

/// <summary>The trained model is what SageMaker's XGBoost 1.7-1 container would produce: XGBoost 1.7 loads it and agrees with the endpoint.</summary>
public sealed class ModelArtifactTests : IClassFixture<PipelineFixture>
{
    private const string Python = "/usr/bin/python3";

    private readonly PipelineFixture _fixture;

    public ModelArtifactTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ModelTarGz_LoadsInPythonXgboost_MatchesEndpoint()
    {
        const string dataset = "bc-artifact";
        var config = _fixture.WriteConfiguration("breast-cancer", dataset);
        var result = await _fixture.RunAsync(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), dataset, config);
        Assert.Equal("SUCCEEDED", result.Execution!.Status);
        var output = JsonNode.Parse(result.Execution.Output!)!;
        var trainingJob = output["trainingJobName"]!.GetValue<string>();
        var archive = _fixture.Runtime.Objects.GetObjectFilePath(_fixture.Runtime.DataBucket, $"models/{dataset}/{trainingJob}/output/model.tar.gz");
        Assert.True(File.Exists(archive), $"{archive} is missing");

        var extracted = Path.Combine(_fixture.WorkDirectory, dataset, "model");
        Directory.CreateDirectory(extracted);
        await using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, extracted, overwriteFiles: true);
        }

        var modelFile = Path.Combine(extracted, "xgboost-model");
        Assert.True(File.Exists(modelFile), "model.tar.gz has no xgboost-model file");
        var validation = await _fixture.ReadSplitAsync(dataset, result.Execution.Name, "validation");
        var rowsFile = Path.Combine(extracted, "rows.csv");
        await File.WriteAllLinesAsync(rowsFile, validation.Select(r => r.Features));

        var pythonPredictions = await PredictWithPythonAsync(modelFile, rowsFile);
        var (status, body) = await _fixture.InvokeAsync(dataset, "text/csv", string.Join('\n', validation.Select(r => r.Features)));
        Assert.Equal(200, status);
        var endpointPredictions = PipelineFixture.ParsePredictions(body);

        Assert.Equal(pythonPredictions.Count, endpointPredictions.Count);
        for (var i = 0; i < pythonPredictions.Count; i++)
        {
            Assert.True(Math.Abs(pythonPredictions[i] - endpointPredictions[i]) < 1e-6, $"row {i}: python {pythonPredictions[i]}, endpoint {endpointPredictions[i]}");
        }
    }

    private static async Task<IReadOnlyList<double>> PredictWithPythonAsync(string modelFile, string rowsFile)
    {
        const string script = """
            import sys, numpy, xgboost
            assert xgboost.__version__.startswith("1.7"), xgboost.__version__
            booster = xgboost.Booster(model_file=sys.argv[1])
            rows = numpy.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
            for value in booster.predict(xgboost.DMatrix(rows)):
                print(repr(float(value)))
            """;
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(modelFile);
        start.ArgumentList.Add(rowsFile);
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"python3 failed: {stderr}");
        return PipelineFixture.ParsePredictions(stdout);
    }
}
