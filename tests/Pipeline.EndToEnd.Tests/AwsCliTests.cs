using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pipeline.EndToEnd.Tests;

/// <summary>The AWS CLI, pointed at the local runtime with --endpoint-url, drives the pipeline as it would on AWS.</summary>
public sealed class AwsCliTests : IClassFixture<PipelineFixture>
{
    // Debian's awscli package (AWS CLI v2), which scripts/bootstrap.sh installs.
    private const string Aws = "/usr/bin/aws";
    private const string Dataset = "cli-run";

    private readonly PipelineFixture _fixture;

    public AwsCliTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task S3CopyIntoIncoming_StartsExecutionVisibleToStepFunctionsCli()
    {
        var bucket = _fixture.Runtime.DataBucket;
        var config = _fixture.WriteConfiguration("breast-cancer", Dataset);
        var data = RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv");
        var s3 = _fixture.Runtime.Endpoint + "s3";

        await RunAsync("--endpoint-url", s3, "s3", "cp", config, $"s3://{bucket}/config/{Dataset}.json");
        await RunAsync("--endpoint-url", s3, "s3", "cp", data, $"s3://{bucket}/incoming/{Dataset}/breast_cancer.csv");

        var machine = Assert.Single(_fixture.Runtime.Template.StateMachines).Arn;
        JsonNode? execution = null;
        for (var attempt = 0; attempt < 600 && execution?["status"]?.GetValue<string>() is null or "RUNNING"; attempt++)
        {
            var list = JsonNode.Parse(await RunAsync("--endpoint-url", _fixture.Runtime.Endpoint.ToString(), "stepfunctions", "list-executions", "--state-machine-arn", machine))!;
            execution = list["executions"]!.AsArray().FirstOrDefault(e => e!["name"]!.GetValue<string>().StartsWith(Dataset, StringComparison.Ordinal));
            if (execution?["status"]?.GetValue<string>() is null or "RUNNING")
            {
                await Task.Delay(500);
            }
        }

        Assert.NotNull(execution);
        var described = JsonNode.Parse(await RunAsync("--endpoint-url", _fixture.Runtime.Endpoint.ToString(), "stepfunctions", "describe-execution", "--execution-arn", execution["executionArn"]!.GetValue<string>()))!;
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        var history = JsonNode.Parse(await RunAsync("--endpoint-url", _fixture.Runtime.Endpoint.ToString(), "stepfunctions", "get-execution-history", "--execution-arn", execution["executionArn"]!.GetValue<string>()))!;
        Assert.Equal("ExecutionStarted", history["events"]![0]!["type"]!.GetValue<string>());
        Assert.Contains(history["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "TaskSucceeded");

        var row = File.ReadLines(data).Skip(1).First();
        var body = Path.Combine(_fixture.WorkDirectory, Dataset, "row.csv");
        await File.WriteAllTextAsync(body, string.Join(',', row.Split(',')[..^1]));
        var outFile = Path.Combine(_fixture.WorkDirectory, Dataset, "prediction.txt");
        await RunAsync(
            "--endpoint-url", _fixture.Runtime.Endpoint.ToString(), "sagemaker-runtime", "invoke-endpoint",
            "--endpoint-name", Dataset, "--content-type", "text/csv", "--body", $"fileb://{body}", outFile);
        var prediction = Assert.Single(PipelineFixture.ParsePredictions(await File.ReadAllTextAsync(outFile)));
        Assert.InRange(prediction, 0.0, 0.5);
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Aws), $"{Aws} is missing: run scripts/bootstrap.sh, which installs Debian's awscli package.");
        var start = new ProcessStartInfo(Aws) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = string.Empty;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {await stderr}");
        return await stdout;
    }
}
