using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: AWS API reference "TestState" and AWS doc "Using TestState API to test a state in Step Functions".
public sealed class TestStateTests
{
    private const string Resource = "arn:aws:states:::lambda:invoke";

    private static StateMachineInterpreter Create(ScriptedTasks tasks) => new(tasks, new SkipAheadTimeProvider(Harness.Start));

    [Fact]
    public async Task TestStateAsync_TaskSucceeds_ReturnsOutputNextStateAndInspection()
    {
        var tasks = new ScriptedTasks().Returns(Resource, """{"Payload":{"v":1}}""");
        const string state = """
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.in","Parameters":{"x.$":"$.x"},
             "ResultSelector":{"v.$":"$.Payload.v"},"ResultPath":"$.out","Next":"Following"}
            """;

        var result = await Create(tasks).TestStateAsync(new TestStateRequest(state, """{"in":{"x":5}}"""));

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("Following", result.NextState);
        Assert.Equal("""{"in":{"x":5},"out":{"v":1}}""", result.Output);
        Assert.Equal("""{"x":5}""", result.InspectionData["afterInputPath"]!.GetValue<string>());
        Assert.Equal("""{"x":5}""", result.InspectionData["afterParameters"]!.GetValue<string>());
        Assert.Equal("""{"Payload":{"v":1}}""", result.InspectionData["result"]!.GetValue<string>());
        Assert.Equal("""{"v":1}""", result.InspectionData["afterResultSelector"]!.GetValue<string>());
        Assert.Single(tasks.Requests);
    }

    [Fact]
    public async Task TestStateAsync_RetrierMatches_ReturnsRetriableWithoutRetrying()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "Transient", "again");
        const string state = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Transient"]}],"End":true}""";

        var result = await Create(tasks).TestStateAsync(new TestStateRequest(state, "{}"));

        Assert.Equal("RETRIABLE", result.Status);
        Assert.Equal("Transient", result.Error);
        Assert.Single(tasks.Requests);
    }

    [Fact]
    public async Task TestStateAsync_CatcherMatches_ReturnsCaughtErrorAndCatchTarget()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "Boom", "bad");
        const string state = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler"}],"End":true}""";

        var result = await Create(tasks).TestStateAsync(new TestStateRequest(state, "{}"));

        Assert.Equal("CAUGHT_ERROR", result.Status);
        Assert.Equal("Boom", result.Error);
        Assert.Equal("Handler", result.NextState);
        Assert.Equal("""{"Error":"Boom","Cause":"bad"}""", result.Output);
    }

    [Fact]
    public async Task TestStateAsync_ChoiceInWholeMachine_ReturnsChosenState()
    {
        const string machine = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"Big"}],"Default":"Small"},
             "Big":{"Type":"Succeed"},"Small":{"Type":"Succeed"}}}
            """;

        var result = await Create(new ScriptedTasks()).TestStateAsync(new TestStateRequest(machine, """{"n":2}""") { StateName = "C" });

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("Big", result.NextState);
    }

    [Fact]
    public async Task TestStateAsync_WithVariables_ReadsThem()
    {
        const string state = """{"Type":"Pass","Parameters":{"v.$":"$limit"},"End":true}""";

        var result = await Create(new ScriptedTasks()).TestStateAsync(new TestStateRequest(state, "{}") { Variables = new Dictionary<string, string> { ["limit"] = "10" } });

        Assert.Equal("""{"v":10}""", result.Output);
        Assert.Null(result.NextState);
    }

    [Fact]
    public async Task TestStateAsync_FailingState_ReturnsFailed()
    {
        var result = await Create(new ScriptedTasks()).TestStateAsync(new TestStateRequest("""{"Type":"Fail","Error":"E","Cause":"C"}""", "{}"));

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("E", result.Error);
        Assert.Equal("C", result.Cause);
    }

    [Fact]
    public async Task TestStateAsync_InvalidState_ThrowsWithDiagnostics()
    {
        var ex = await Assert.ThrowsAsync<InvalidDefinitionException>(() => Create(new ScriptedTasks()).TestStateAsync(new TestStateRequest("""{"Type":"Task","End":true}""", "{}")));

        Assert.Contains(ex.Diagnostics, d => d.Location == "/States/TestState");
    }
}
