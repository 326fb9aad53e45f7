using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Tests.Testing;

/// <summary>
/// Runs the project's own state machine (a copy of statemachines/retrain.asl.json) with Step Functions Local mocks,
/// the way <c>pipeline test</c> does, through its main paths.
/// </summary>
public sealed class RetrainDefinitionTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Pipeline");

    private static Task<ExecutionResult> RunAsync(string testCase)
    {
        var request = new LocalTestRequest(File.ReadAllText(Path.Combine(Folder, "retrain.asl.json")), File.ReadAllText(Path.Combine(Folder, "execution-input.json")))
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
        Assert.Empty(DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Folder, "retrain.asl.json"))));
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
}
