using System.Text.Json.Nodes;

namespace Pipeline.EndToEnd.Tests;

/// <summary>Bad input fails the execution at preprocessing, registers nothing and leaves a deployed endpoint serving.</summary>
public sealed class FailureTests : IClassFixture<PipelineFixture>
{
    private const string Dataset = "bc-failures";

    private readonly PipelineFixture _fixture;

    public FailureTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Run_MalformedCsvAfterDeployment_FailsAtPreprocessingAndKeepsEndpoint()
    {
        var config = _fixture.WriteConfiguration("breast-cancer", Dataset);
        var first = await _fixture.RunAsync(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), Dataset, config);
        Assert.Equal("SUCCEEDED", first.Execution!.Status);
        var row = File.ReadLines(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv")).Skip(1).First();
        var features = string.Join(',', row.Split(',')[..^1]);

        // Line 3 has two fields fewer than the header: a ragged row.
        var lines = File.ReadLines(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv")).Take(5).ToList();
        lines[2] = string.Join(',', lines[2].Split(',')[..^2]);
        var malformed = _fixture.WriteData(Dataset, "malformed.csv", string.Join('\n', lines) + "\n");

        var result = await _fixture.RunAsync(malformed, Dataset, config);

        Assert.Equal("FAILED", result.Execution!.Status);
        Assert.Equal("Preprocess", result.FailedState);
        Assert.Equal("States.TaskFailed", result.Execution.Error);
        Assert.Contains("line 3", result.Execution.Cause, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(result.History, e => e.Type == "TaskStateEntered" && e.ToJson()["stateEnteredEventDetails"]!["name"]!.GetValue<string>() == "Train");
        var packages = await _fixture.Runtime.Services.InvokeAsync("sagemaker", "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = Dataset });
        Assert.Single(packages["ModelPackageSummaryList"]!.AsArray());
        var (status, body) = await _fixture.InvokeAsync(Dataset, "text/csv", features);
        Assert.Equal(200, status);
        Assert.Single(PipelineFixture.ParsePredictions(body));
    }

    [Fact]
    public async Task Run_MissingTargetColumn_FailsAtPreprocessingNamingColumn()
    {
        const string dataset = "bc-no-target";
        var config = _fixture.WriteConfiguration("breast-cancer", dataset, c => c["preprocessing"]!["target"] = "tumour_class");

        var result = await _fixture.RunAsync(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), dataset, config);

        Assert.Equal("FAILED", result.Execution!.Status);
        Assert.Equal("Preprocess", result.FailedState);
        Assert.Contains("tumour_class", result.Execution.Cause, StringComparison.Ordinal);
        var groups = await _fixture.Runtime.Services.InvokeAsync("sagemaker", "ListModelPackageGroups", []);
        Assert.DoesNotContain(groups["ModelPackageGroupSummaryList"]!.AsArray(), g => g!["ModelPackageGroupName"]!.GetValue<string>() == dataset);
        var endpoints = await _fixture.Runtime.Services.InvokeAsync("sagemaker", "ListEndpoints", []);
        Assert.DoesNotContain(endpoints["Endpoints"]!.AsArray(), e => e!["EndpointName"]!.GetValue<string>() == dataset);
    }
}
