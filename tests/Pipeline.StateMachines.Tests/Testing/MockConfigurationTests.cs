using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Testing;

// Source: AWS doc "Using mocked service integrations for testing in Step Functions Local" (mock configuration file).
public sealed class MockConfigurationTests
{
    private const string Config = """
        {
          "StateMachines": {
            "Retrain": {
              "TestCases": {
                "HappyPath": { "Train": "TrainSucceeds" },
                "RetryPath": { "Train": "TrainFlaky" }
              }
            }
          },
          "MockedResponses": {
            "TrainSucceeds": { "0": { "Return": { "TrainingJobStatus": "Completed" } } },
            "TrainFlaky": {
              "0": { "Throw": { "Error": "SageMaker.AmazonSageMakerException", "Cause": "throttled" } },
              "1-2": { "Throw": { "Error": "SageMaker.AmazonSageMakerException" } },
              "3": { "Return": { "TrainingJobStatus": "Completed", "Attempt": 3 } }
            }
          }
        }
        """;

    private const string Definition = """
        {"StartAt":"Train","States":{"Train":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync",
          "Retry":[{"ErrorEquals":["SageMaker.AmazonSageMakerException"],"IntervalSeconds":60,"MaxAttempts":3}],"Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    [Fact]
    public void Parse_ValidFile_ListsStateMachinesAndTestCases()
    {
        var config = MockConfiguration.Parse(Config);

        Assert.Equal(["Retrain"], config.StateMachineNames);
        Assert.Equal(["HappyPath", "RetryPath"], config.TestCaseNames("Retrain"));
    }

    [Fact]
    public async Task LocalTestRunner_TestCaseMocksUnknownState_NamesIt()
    {
        var config = MockConfiguration.Parse(Config.Replace("\"HappyPath\": { \"Train\"", "\"HappyPath\": { \"Trian\"", StringComparison.Ordinal));
        var request = new LocalTestRequest(Definition, "{}") { StateMachineName = "Retrain", Mocks = config, TestCase = "HappyPath" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LocalTestRunner.RunAsync(request));

        Assert.Contains("'Trian'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Done, Train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalTestRunner_RetryPath_UsesResponsesInInvocationOrder()
    {
        var request = new LocalTestRequest(Definition, "{}") { StateMachineName = "Retrain", Mocks = MockConfiguration.Parse(Config), TestCase = "RetryPath" };

        var result = await LocalTestRunner.RunAsync(request);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"TrainingJobStatus":"Completed","Attempt":3}""", result.Output);
        Assert.Equal(3, result.Events.Count(e => e.Type == "TaskFailed"));
        var scheduled = result.Events.Where(e => e.Type == "TaskScheduled").ToArray();
        Assert.Equal(TimeSpan.FromSeconds(60 + 120 + 240), scheduled[^1].Timestamp - scheduled[0].Timestamp);
    }

    [Fact]
    public async Task LocalTestRunner_Report_HasStatusOutputAndEvents()
    {
        var request = new LocalTestRequest(Definition, "{}") { StateMachineName = "Retrain", Mocks = MockConfiguration.Parse(Config), TestCase = "HappyPath" };

        var report = LocalTestRunner.ToReport(await LocalTestRunner.RunAsync(request));

        Assert.Equal("SUCCEEDED", report["status"]!.GetValue<string>());
        Assert.Equal("Completed", report["output"]!["TrainingJobStatus"]!.GetValue<string>());
        Assert.Equal("ExecutionStarted", report["events"]![0]!["type"]!.GetValue<string>());
        Assert.False(report.ContainsKey("error"));
    }

    [Fact]
    public async Task LocalTestRunner_NoMocks_FailsTaskWithHint()
    {
        var result = await LocalTestRunner.RunAsync(new LocalTestRequest(Definition, "{}"));

        Assert.Equal("States.TaskFailed", result.Error);
        Assert.Contains("--mock-config", result.Cause, StringComparison.Ordinal);
        Assert.Equal("FAILED", LocalTestRunner.ToReport(result)["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"StateMachines":{},"MockedResponses":{"R":{"zero":{"Return":1}}}}""", "invalid invocation range 'zero'")]
    [InlineData("""{"StateMachines":{},"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}}}}}""", "exactly one of Return or Throw")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"T":{"S":"Missing"}}}},"MockedResponses":{}}""", "names the mocked response 'Missing'")]
    [InlineData("""{"MockedResponses":{}}""", "StateMachines is missing")]
    [InlineData("""not json""", "not valid JSON")]
    public void Parse_InvalidFile_ThrowsNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => MockConfiguration.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHandler_UnknownTestCase_ThrowsListingKnownCases()
    {
        var config = MockConfiguration.Parse(Config);

        var ex = Assert.Throws<ArgumentException>(() => config.CreateHandler("Retrain", "Nope"));

        Assert.Contains("HappyPath, RetryPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_InvocationBeyondRanges_FailsTask()
    {
        const string config = """{"StateMachines":{"M":{"TestCases":{"T":{"Train":"Once"}}}},"MockedResponses":{"Once":{"0":{"Throw":{"Error":"E"}}}}}""";
        var request = new LocalTestRequest(Definition.Replace("SageMaker.AmazonSageMakerException", "E", StringComparison.Ordinal), "{}") { StateMachineName = "M", Mocks = MockConfiguration.Parse(config), TestCase = "T" };

        var result = await LocalTestRunner.RunAsync(request);

        Assert.Equal("States.TaskFailed", result.Error);
        Assert.Contains("invocation 1", result.Cause, StringComparison.Ordinal);
    }
}
