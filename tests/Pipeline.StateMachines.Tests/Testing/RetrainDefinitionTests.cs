using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Tests.Testing;

/// <summary>
/// Runs the project's own state machine, statemachines/retrain.asl.json, with the Step Functions Local mocks in
/// statemachines/test/, the way <c>pipeline test</c> does, through its main paths.
/// </summary>
public sealed class RetrainDefinitionTests
{
    private static readonly string Definitions = RepositoryPaths.Of("statemachines");

    private static readonly string Folder = Path.Combine(Definitions, "test");

    private static Task<ExecutionResult> RunAsync(string testCase, string input = "execution-input.json")
    {
        var request = new LocalTestRequest(File.ReadAllText(Path.Combine(Definitions, "retrain.asl.json")), File.ReadAllText(Path.Combine(Folder, input)))
        {
            StateMachineName = "retrain",
            Mocks = MockConfiguration.Load(Path.Combine(Folder, "retrain.mocks.json")),
            TestCase = testCase,
        };
        return LocalTestRunner.RunAsync(request);
    }

    [Fact]
    public void Parse_RetrainDefinition_IsValid()
    {
        Assert.Empty(DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Definitions, "retrain.asl.json"))));
    }

    [Fact]
    public async Task Run_FirstDeployment_DeploysAfterRetryAndPolling()
    {
        var result = await RunAsync("FirstDeployment");

        Assert.True(result.Status == ExecutionStatus.Succeeded, $"{result.Error}: {result.Cause}");
        var output = JsonNode.Parse(result.Output!)!;
        Assert.Equal("Deployed", output["outcome"]!.GetValue<string>());
        Assert.Equal("InService", output["endpointStatus"]!.GetValue<string>());
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/breast-cancer/2", output["modelPackageArn"]!.GetValue<string>());
        var entered = result.Events.Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => e.GetDetails()!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(3, entered.Count(name => name == "DescribeEndpoint"));
        Assert.Equal(2, entered.Count(name => name == "WaitForEndpoint"));
        Assert.Contains("CreateEndpoint", entered);
        Assert.DoesNotContain("UpdateEndpoint", entered);
        Assert.Equal(2, result.Events.Count(e => e.Type == "TaskFailed"));
    }

    [Fact]
    public async Task Run_FirstDeployment_UsesTheBuiltInContainerContract()
    {
        var result = await RunAsync("FirstDeployment");

        var model = TaskParameters(result, "createModel");
        var container = model["PrimaryContainer"]!.AsObject();
        Assert.Equal(["Image", "ModelDataUrl"], container.Select(member => member.Key).Order(StringComparer.Ordinal));
        Assert.Equal("s3://b/models/breast-cancer/breast-cancer-20260102030405-abc123/output/model.tar.gz", (string?)container["ModelDataUrl"]);
        var specification = TaskParameters(result, "createModelPackage")["InferenceSpecification"]!;
        Assert.True(JsonNode.DeepEquals(container, specification["Containers"]![0]), specification.ToJsonString());
        Assert.Equal(["text/csv", "text/libsvm"], specification["SupportedContentTypes"]!.AsArray().Select(type => (string)type!));
    }

    [Fact]
    public async Task Run_RawRowDeployment_PointsTheModelAtTheRunManifest()
    {
        var result = await RunAsync("RawRowDeployment", "execution-input.raw-rows.json");

        Assert.True(result.Status == ExecutionStatus.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal("Deployed", JsonNode.Parse(result.Output!)!["outcome"]!.GetValue<string>());
        var container = TaskParameters(result, "createModel")["PrimaryContainer"]!.AsObject();
        Assert.Equal("s3://b/models/breast-cancer/breast-cancer-20260102030405-abc123/output/model.tar.gz", (string?)container["ModelDataUrl"]);
        var environment = container["Environment"]!.AsObject();
        Assert.Equal("raw", (string?)environment["PIPELINE_INPUT_MODE"]);
        Assert.Equal("s3://b/processed/breast-cancer/breast-cancer-0a1b2c3d4e5f6a7b/manifest.json", (string?)environment["PIPELINE_MANIFEST_URI"]);
        Assert.Equal("raw_rows.py", (string?)environment["SAGEMAKER_PROGRAM"]);
        Assert.NotNull(environment["SAGEMAKER_SUBMIT_DIRECTORY"]);
        Assert.NotNull(environment["SAGEMAKER_REGION"]);
        var specification = TaskParameters(result, "createModelPackage")["InferenceSpecification"]!;
        Assert.True(JsonNode.DeepEquals(container, specification["Containers"]![0]), specification.ToJsonString());
        Assert.Equal(["text/csv"], specification["SupportedContentTypes"]!.AsArray().Select(type => (string)type!));
    }

    [Fact]
    public async Task Run_CandidateRejected_EndsWithRejectedOutcome()
    {
        var result = await RunAsync("CandidateRejected");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("Rejected", JsonNode.Parse(result.Output!)!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_TrainingFails_FailsWithTrainingError()
    {
        var result = await RunAsync("TrainingFails");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.TaskFailed", result.Error);
        Assert.Equal("AlgorithmError: training failed", result.Cause);
        Assert.Equal("FailStateEntered", result.Events[^2].Type);
    }

    /// <summary>The parameters of the one task that called <paramref name="resource"/> (for example <c>createModel</c>).</summary>
    [Fact]
    public async Task Run_BlueGreenUpdate_PutsRollbackAlarmAndNamesIt()
    {
        var result = await RunAsync("BlueGreenUpdate");

        Assert.True(result.Status == ExecutionStatus.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal("Deployed", JsonNode.Parse(result.Output!)!["outcome"]!.GetValue<string>());
        var alarm = TaskParameters(result, "putMetricAlarm");
        Assert.Equal("breast-cancer-invocation-5xx-errors", (string?)alarm["AlarmName"]);
        Assert.Equal("AWS/SageMaker", (string?)alarm["Namespace"]);
        Assert.Equal("Invocation5XXErrors", (string?)alarm["MetricName"]);
        Assert.Equal("breast-cancer", (string?)alarm["Dimensions"]![0]!["Value"]);
        Assert.Equal(1, (int?)alarm["Threshold"]);
        var deployment = TaskParameters(result, "updateEndpoint")["DeploymentConfig"]!;
        Assert.Equal(120, (int?)deployment["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!["WaitIntervalInSeconds"]);
        Assert.Equal("ALL_AT_ONCE", (string?)deployment["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!["Type"]);
        Assert.Equal("breast-cancer-invocation-5xx-errors", (string?)deployment["AutoRollbackConfiguration"]!["Alarms"]![0]!["AlarmName"]);
    }

    [Fact]
    public async Task Run_UpdateRolledBack_FailsWithDeploymentRolledBack()
    {
        var result = await RunAsync("UpdateRolledBack");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Pipeline.DeploymentRolledBack", result.Error);
        Assert.Contains("rolled back to the previous model", result.Cause, StringComparison.Ordinal);
        var rejection = TaskParameters(result, "updateModelPackage");
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/breast-cancer/2", (string?)rejection["ModelPackageArn"]);
        Assert.Equal("Rejected", (string?)rejection["ModelApprovalStatus"]);
    }

    private static JsonObject TaskParameters(ExecutionResult result, string resource)
    {
        var scheduled = result.Events
            .Where(e => e.Type == "TaskScheduled")
            .Select(e => e.GetDetails()!)
            .Single(details => details["resource"]!.GetValue<string>() == resource);
        return JsonNode.Parse(scheduled["parameters"]!.GetValue<string>())!.AsObject();
    }
}
