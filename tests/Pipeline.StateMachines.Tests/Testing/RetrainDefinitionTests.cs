using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Tests.Testing;

/// <summary>
/// Runs the project's own state machine, statemachines/retrain.asl.json, with the Step Functions Local mocks in
/// statemachines/test/, the way <c>pipeline test</c> does, through its main paths.
/// </summary>
public sealed class RetrainDefinitionTests
{
    private static readonly string Definitions = FindDefinitions();

    private static readonly string Folder = Path.Combine(Definitions, "test");

    private static string FindDefinitions()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return Path.Combine(directory.FullName, "statemachines");
            }
        }

        throw new InvalidOperationException("Pipeline.sln was not found above the test's output folder.");
    }

    private static Task<ExecutionResult> RunAsync(string testCase)
    {
        var request = new LocalTestRequest(File.ReadAllText(Path.Combine(Definitions, "retrain.asl.json")), File.ReadAllText(Path.Combine(Folder, "execution-input.json")))
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
