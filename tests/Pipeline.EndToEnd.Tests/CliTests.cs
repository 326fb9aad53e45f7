using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pipeline.EndToEnd.Tests;

/// <summary>The <c>pipeline</c> command as a user runs it: a separate process, its exit codes and output.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pipeline-cli-{Guid.NewGuid():N}");

    public CliTests()
    {
        Directory.CreateDirectory(_folder);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder does not affect other tests.
        }
    }

    [Fact]
    public async Task Run_BreastCancerJson_PrintsDeployedSummary()
    {
        var config = WriteConfiguration("bc-cli");

        var (exitCode, stdout, stderr) = await PipelineAsync("run", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), "--dataset", "bc-cli", "--config", config, "--json");

        Assert.True(exitCode == 0, stderr);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal("SUCCEEDED", summary["status"]!.GetValue<string>());
        Assert.Equal("Deployed", summary["outcome"]!.GetValue<string>());
        Assert.Equal(1, summary["modelPackageVersion"]!.GetValue<int>());
        Assert.Equal("InService", summary["endpointStatus"]!.GetValue<string>());

        var row = File.ReadLines(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv")).Skip(1).First();
        var invoke = await PipelineAsync("invoke", "bc-cli", "--content-type", "text/csv", "--body", string.Join(',', row.Split(',')[..^1]));
        Assert.True(invoke.ExitCode == 0, invoke.Stderr);
        Assert.Single(PipelineFixture.ParsePredictions(invoke.Stdout));

        var executions = await PipelineAsync("executions", "--json");
        Assert.Equal(0, executions.ExitCode);
        Assert.Equal("SUCCEEDED", Assert.Single(JsonNode.Parse(executions.Stdout)!.AsArray())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_RaggedCsv_ExitsOneWithFailedStateAndCause()
    {
        var config = WriteConfiguration("bc-cli-bad");
        var data = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(data, "a,b,label\n1,2,0\n3,1\n");

        var (exitCode, stdout, _) = await PipelineAsync("run", data, "--dataset", "bc-cli-bad", "--config", config);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAILED", stdout, StringComparison.Ordinal);
        Assert.Contains("failed state Preprocess", stdout, StringComparison.Ordinal);
        Assert.Contains("States.TaskFailed", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "missing.csv")]
    [InlineData("invoke", "nothing-here", "--body", "1,2")]
    [InlineData("s3", "cp", "missing.csv", "s3://bucket/key")]
    [InlineData("s3", "ls", "not-an-s3-uri")]
    public async Task Command_BadInput_ExitsOneWithMessage(params string[] arguments)
    {
        var (exitCode, _, stderr) = await PipelineAsync(arguments);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidConfiguration_UploadsNothing()
    {
        var config = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(config, """{"preprocessing":{"target":true},"trainig":{}}""");

        var (exitCode, _, stderr) = await PipelineAsync("run", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), "--dataset", "bc-bad-config", "--config", config);

        Assert.Equal(1, exitCode);
        Assert.Contains("'preprocessing.target'", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'training'?", stderr, StringComparison.Ordinal);
        var listing = await PipelineAsync("s3", "ls", "s3://ml-pipeline-data-000000000000-us-east-1/");
        Assert.Equal(0, listing.ExitCode);
        Assert.DoesNotContain("bc-bad-config", listing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidDatasetName_NamesTheRule()
    {
        var (exitCode, _, stderr) = await PipelineAsync("run", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), "--dataset", "Bad_Name");

        Assert.Equal(1, exitCode);
        Assert.Contains("'Bad_Name'", stderr, StringComparison.Ordinal);
        Assert.Contains("lowercase", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainingJobsCreate_ClassicMnistRequest_CompletesWithLogsAndCurve()
    {
        const string bucket = "s3://ml-pipeline-data-000000000000-us-east-1";
        Assert.Equal(0, (await PipelineAsync("s3", "cp", RepositoryPaths.Of("samples", "digits", "digits.train.csv"), $"{bucket}/examples/digits/train/")).ExitCode);
        Assert.Equal(0, (await PipelineAsync("s3", "cp", RepositoryPaths.Of("samples", "digits", "digits.validation.csv"), $"{bucket}/examples/digits/validation/")).ExitCode);

        var (exitCode, stdout, stderr) = await PipelineAsync("training-jobs", "create", "--request", RepositoryPaths.Of("samples", "requests", "digits-training-job.json"), "--json");

        Assert.True(exitCode == 0, stderr);
        var describe = JsonNode.Parse(stdout)!;
        Assert.Equal("Completed", describe["TrainingJobStatus"]!.GetValue<string>());
        Assert.Equal(
            $"{bucket}/examples/models/digits-mnist-parameters/output/model.tar.gz",
            describe["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>());
        Assert.Contains(describe["FinalMetricDataList"]!.AsArray(), m => m!["MetricName"]!.GetValue<string>() == "validation:merror");

        var logs = await PipelineAsync("logs", "digits-mnist-parameters");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("validation-merror", logs.Stdout, StringComparison.Ordinal);

        var curve = await PipelineAsync("training-jobs", "describe", "digits-mnist-parameters", "--metric", "validation:merror");
        Assert.Equal(0, curve.ExitCode);
        Assert.Contains("10 rounds", curve.Stdout, StringComparison.Ordinal);

        var duplicate = await PipelineAsync("training-jobs", "create", "--request", RepositoryPaths.Of("samples", "requests", "digits-training-job.json"));
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("ResourceInUse", duplicate.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FirstDeployment", "SUCCEEDED", "Deployed")]
    [InlineData("CandidateRejected", "SUCCEEDED", "Rejected")]
    [InlineData("TrainingFails", "FAILED", null)]
    public async Task Test_RetrainWithMocks_PrintsExecutionResult(string testCase, string status, string? outcome)
    {
        var (exitCode, stdout, stderr) = await PipelineAsync(
            "test", RepositoryPaths.Of("statemachines", "retrain.asl.json"),
            "--input", "@" + RepositoryPaths.Of("statemachines", "test", "execution-input.json"),
            "--mock-config", RepositoryPaths.Of("statemachines", "test", "retrain.mocks.json"),
            "--state-machine", "retrain", "--test-case", testCase, "--json");

        Assert.True(exitCode == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal(status, result["status"]!.GetValue<string>());
        Assert.Equal(outcome, result["output"]?["outcome"]?.GetValue<string>());
        Assert.Equal("ExecutionStarted", result["events"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_RepositoryTemplate_ReportsValid()
    {
        var (exitCode, stdout, _) = await PipelineAsync("validate", "--template", RepositoryPaths.Of("template.yaml"));

        Assert.Equal(0, exitCode);
        Assert.Contains("valid    RetrainStateMachine", stdout, StringComparison.Ordinal);
        Assert.Contains("valid    schedule ml-pipeline-ScheduledRetrainFunctionRetrainSchedule: rate(7 days) -> ScheduledRetrainFunction", stdout, StringComparison.Ordinal);
        Assert.Contains("valid    alarm ml-pipeline-runaway-execution: Maximum of OldestExecutionAgeSeconds > 28800", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedules_RepositoryTemplate_ListsSchedulesAndRule()
    {
        var (exitCode, stdout, stderr) = await PipelineAsync("schedules", "--json", "--parameter-overrides", "RetrainSchedule=cron(0 6 ? * MON *)", "RetrainScheduleState=DISABLED");

        Assert.True(exitCode == 0, stderr);
        var output = JsonNode.Parse(stdout)!;
        var retrain = Assert.Single(output["schedules"]!.AsArray(), s => s!["target"]!.GetValue<string>() == "ScheduledRetrainFunction")!;
        Assert.Equal("cron(0 6 ? * MON *)", retrain["expression"]!.GetValue<string>());
        Assert.False(retrain["enabled"]!.GetValue<bool>());
        var measure = Assert.Single(output["schedules"]!.AsArray(), s => s!["target"]!.GetValue<string>() == "RunawayJobsFunction")!;
        Assert.Equal("rate(5 minutes)", measure["expression"]!.GetValue<string>());
        Assert.NotNull(measure["nextFireTime"]);
        Assert.Equal("RunawayJobsFunction", Assert.Single(output["rules"]!.AsArray())!["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alarms_NeverEvaluated_ShowInsufficientData()
    {
        var (exitCode, stdout, stderr) = await PipelineAsync("alarms");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("ml-pipeline-runaway-training-job", stdout, StringComparison.Ordinal);
        Assert.Contains("Maximum of OldestTrainingJobAgeSeconds > 14400, 1 of 1 x 300 s", stdout, StringComparison.Ordinal);
        Assert.Contains("INSUFFICIENT_DATA", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RetrainSchedule", "RetrainSchedule", "Write NAME=VALUE")]
    [InlineData("RetrainSchedule=rate(1 days)", "RetrainSchedule", "Write rate(1 day).")]
    [InlineData("RetrainScheduleState=OFF", "'OFF'", "Use one of: ENABLED, DISABLED.")]
    public async Task Schedules_BadParameterOverride_ExitsOneWithFix(string pair, string named, string fix)
    {
        var (exitCode, _, stderr) = await PipelineAsync("schedules", "--parameter-overrides", pair);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Contains(fix, stderr, StringComparison.Ordinal);
    }

    private string WriteConfiguration(string dataset)
    {
        var configuration = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("samples", "breast-cancer", "config.json")))!.AsObject();
        configuration["deployment"]!["endpointName"] = dataset;
        configuration["deployment"]!["statusPollSeconds"] = 1;
        var path = Path.Combine(_folder, $"{dataset}.json");
        File.WriteAllText(path, configuration.ToJsonString());
        return path;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> PipelineAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] is not ("validate" or "test"))
        {
            start.ArgumentList.Add("--template");
            start.ArgumentList.Add(RepositoryPaths.Of("template.yaml"));
            start.ArgumentList.Add("--state-dir");
            start.ArgumentList.Add(Path.Combine(_folder, "state"));
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
