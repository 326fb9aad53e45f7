using System.Text.Json.Nodes;
using Pipeline.StateMachines;

namespace Pipeline.Local.Tests;

/// <summary>The state that `pipeline run` names when an execution fails.</summary>
public sealed class FailedStateTests
{
    // A second run of a dataset finds its model package group already there, and a Catch handles that. When the
    // endpoint update is rolled back later, the Fail state is the one to name.
    [Fact]
    public void FindFailedState_CaughtFailureBeforeFailState_NamesFailState()
    {
        var history = History(
            """{"id":1,"previousEventId":0,"timestamp":1,"type":"ExecutionStarted"}""",
            """{"id":2,"previousEventId":1,"timestamp":1,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"EnsureModelPackageGroup"}}""",
            """{"id":3,"previousEventId":2,"timestamp":1,"type":"TaskFailed","taskFailedEventDetails":{"error":"SageMaker.ResourceInUseException"}}""",
            """{"id":4,"previousEventId":3,"timestamp":1,"type":"TaskStateExited","stateExitedEventDetails":{"name":"EnsureModelPackageGroup"}}""",
            """{"id":5,"previousEventId":4,"timestamp":1,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"RegisterModel"}}""",
            """{"id":6,"previousEventId":5,"timestamp":1,"type":"TaskStateExited","stateExitedEventDetails":{"name":"RegisterModel"}}""",
            """{"id":7,"previousEventId":6,"timestamp":1,"type":"FailStateEntered","stateEnteredEventDetails":{"name":"DeploymentRolledBack"}}""",
            """{"id":8,"previousEventId":7,"timestamp":1,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"Pipeline.DeploymentRolledBack"}}""");

        Assert.Equal("DeploymentRolledBack", LocalRuntime.FindFailedState(history));
    }

    // A task whose error a Catch sends straight to a Fail state is the one that failed.
    [Fact]
    public void FindFailedState_TaskCaughtIntoFailState_NamesTask()
    {
        var history = History(
            """{"id":1,"previousEventId":0,"timestamp":1,"type":"ExecutionStarted"}""",
            """{"id":2,"previousEventId":1,"timestamp":1,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"Train"}}""",
            """{"id":3,"previousEventId":2,"timestamp":1,"type":"TaskFailed","taskFailedEventDetails":{"error":"SageMaker.TrainingFailed"}}""",
            """{"id":4,"previousEventId":3,"timestamp":1,"type":"TaskStateExited","stateExitedEventDetails":{"name":"Train"}}""",
            """{"id":5,"previousEventId":4,"timestamp":1,"type":"FailStateEntered","stateEnteredEventDetails":{"name":"TrainingFailed"}}""",
            """{"id":6,"previousEventId":5,"timestamp":1,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"SageMaker.TrainingFailed"}}""");

        Assert.Equal("Train", LocalRuntime.FindFailedState(history));
    }

    private static List<HistoryEvent> History(params string[] lines) =>
        [.. lines.Select(line => HistoryEvent.FromJson(JsonNode.Parse(line)!.AsObject()))];
}
