using System.Text.Json.Nodes;
using Pipeline.Cli.Commands;
using Pipeline.Local.CloudWatch;

namespace Pipeline.EndToEnd.Tests;

/// <summary>
/// A retrained model replaces the endpoint's model blue/green, and the endpoint's rollback alarm going into ALARM
/// during the baking period brings the previous model back and fails the execution.
/// </summary>
public sealed class RollbackTests : IClassFixture<PipelineFixture>
{
    private const string Dataset = "bc-rollback";
    private readonly PipelineFixture _fixture;

    public RollbackTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Run_AlarmDuringBakingPeriod_RollsBackToPreviousModel()
    {
        var data = RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv");
        // A weak first model (two stumps), so that the full model of the second run improves on it and is deployed.
        var weak = _fixture.WriteConfiguration("breast-cancer", Dataset, configuration =>
        {
            configuration["training"]!["hyperParameters"]!["num_round"] = 2;
            configuration["training"]!["hyperParameters"]!["max_depth"] = 1;
            configuration["promotion"]!["threshold"] = 0;
        });
        var first = await _fixture.RunAsync(data, Dataset, weak);
        Assert.True(first.Execution!.Status == "SUCCEEDED", first.Execution.Cause);
        var firstConfig = JsonNode.Parse(first.Execution.Output!)!["endpointConfigName"]!.GetValue<string>();

        var strong = _fixture.WriteConfiguration("breast-cancer", Dataset, configuration =>
        {
            configuration["promotion"]!["threshold"] = 0;
            configuration["deployment"]!["bakeSeconds"] = 120;
        });
        var second = _fixture.RunAsync(data, Dataset, strong);
        const string AlarmName = Dataset + "-invocation-5xx-errors";
        await WaitUntilAsync(second, async () =>
            _fixture.Runtime.Alarms.Alarms.Any(alarm => alarm.AlarmName == AlarmName)
            && (string?)(await DescribeEndpointAsync())["EndpointStatus"] == "Updating");
        await _fixture.Runtime.Alarms.SetAlarmStateAsync(AlarmName, AlarmStates.Alarm, "Threshold crossed: 3 model errors in one minute (test).");
        var result = await second;

        Assert.Equal("FAILED", result.Execution!.Status);
        Assert.Equal("Pipeline.DeploymentRolledBack", result.Execution.Error);
        var endpoint = await DescribeEndpointAsync();
        Assert.Equal("InService", (string?)endpoint["EndpointStatus"]);
        Assert.Equal(firstConfig, (string?)endpoint["EndpointConfigName"]);
        Assert.Contains(AlarmName + " went into ALARM", (string?)endpoint["FailureReason"], StringComparison.Ordinal);
        var packages = await _fixture.Runtime.Services.InvokeAsync("sagemaker", "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = Dataset, ["SortBy"] = "CreationTime", ["SortOrder"] = "Ascending" });
        var statuses = packages["ModelPackageSummaryList"]!.AsArray().Select(package => (string?)package!["ModelApprovalStatus"]).ToList();
        Assert.Equal(["Approved", "Rejected"], statuses);
        var alarm = _fixture.Runtime.Alarms.Alarms.Single(candidate => candidate.AlarmName == AlarmName);
        Assert.Equal("Invocation5XXErrors", alarm.MetricName);
        Assert.Equal(Dataset, alarm.Dimensions["EndpointName"]);

        // The summary of `pipeline run` names the failed state and the alarm that rolled the update back.
        var summary = RunSummary.Create(result, _fixture.Runtime);
        await RunSummary.AddRollbackReasonAsync(summary, result, _fixture.Runtime, CancellationToken.None);
        Assert.Equal("DeploymentRolledBack", (string?)summary["failedState"]);
        Assert.Contains(AlarmName + " went into ALARM", (string?)summary["causeMessage"], StringComparison.Ordinal);
    }

    private Task<JsonObject> DescribeEndpointAsync() =>
        _fixture.Runtime.Services.InvokeAsync("sagemaker", "DescribeEndpoint", new JsonObject { ["EndpointName"] = Dataset });

    // Polls until the condition holds; fails when the run ends first or after two minutes.
    private static async Task WaitUntilAsync(Task run, Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            Assert.False(run.IsCompleted, "The second run ended before its endpoint update started.");
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The endpoint update did not start within two minutes.");
    }
}
