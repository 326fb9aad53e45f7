using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: AWS doc "Restarting state machine executions with redrive in Step Functions".
public sealed class RedriveTests
{
    private const string Definition = """
        {"StartAt":"Prepare","States":{
          "Prepare":{"Type":"Pass","Result":"prepared","ResultPath":"$.step","Assign":{"marker":"set-before-failure"},"Next":"Train"},
          "Train":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":"$.train","Next":"Done"},
          "Done":{"Type":"Pass","Parameters":{"marker.$":"$marker","train.$":"$.train","step.$":"$.step"},"End":true}}}
        """;

    [Fact]
    public async Task ExecuteAsync_RedriveAfterTaskFailure_RestartsFailedStateAndAppendsHistory()
    {
        var tasks = new ScriptedTasks().Fails("arn:aws:states:::lambda:invoke", "Flaky", "first run fails", times: 1, thenJson: """{"ok":true}""");
        var clock = new SkipAheadTimeProvider(Harness.Start);
        var interpreter = new StateMachineInterpreter(tasks, clock);
        var first = await interpreter.ExecuteAsync(Harness.Request(Definition, """{"id":7}"""));
        Assert.Equal(ExecutionStatus.Failed, first.Status);

        var second = await interpreter.ExecuteAsync(Harness.Request(Definition, null) with { RedriveFrom = first.Events });

        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
        Assert.Equal("""{"marker":"set-before-failure","train":{"ok":true},"step":"prepared"}""", second.Output);
        var redriven = second.Events[first.Events.Count];
        Assert.Equal("ExecutionRedriven", redriven.Type);
        Assert.Equal(first.Events[^1].Id + 1, redriven.Id);
        Assert.Equal(first.Events[^1].Id, redriven.PreviousEventId);
        Assert.Equal(1, Harness.Details(redriven)["redriveCount"]!.GetValue<int>());
        var reentered = second.Events[first.Events.Count + 1];
        Assert.Equal("TaskStateEntered", reentered.Type);
        Assert.Equal("Train", Harness.Details(reentered)["name"]!.GetValue<string>());
        Assert.Equal(first.StartDate, second.StartDate);
        Assert.Equal(2, tasks.Requests.Count);
        Assert.Equal(1, tasks.Requests.Last().Context["Execution"]!["RedriveCount"]!.GetValue<int>());
        Assert.Equal("""{"id":7}""", tasks.Requests.Last().Context["Execution"]!["Input"]!.ToJsonString());
    }

    [Fact]
    public async Task ExecuteAsync_RedriveSucceededExecution_Throws()
    {
        var tasks = new ScriptedTasks().Returns("arn:aws:states:::lambda:invoke", "{}");
        var interpreter = new StateMachineInterpreter(tasks, new SkipAheadTimeProvider(Harness.Start));
        var done = await interpreter.ExecuteAsync(Harness.Request(Definition));

        await Assert.ThrowsAsync<InvalidOperationException>(() => interpreter.ExecuteAsync(Harness.Request(Definition) with { RedriveFrom = done.Events }));
    }

    [Fact]
    public async Task ExecuteAsync_RedriveFromJsonHistory_Works()
    {
        var tasks = new ScriptedTasks().Fails("arn:aws:states:::lambda:invoke", "Flaky", null, times: 1, thenJson: "{}");
        var interpreter = new StateMachineInterpreter(tasks, new SkipAheadTimeProvider(Harness.Start));
        var first = await interpreter.ExecuteAsync(Harness.Request(Definition));
        var stored = first.Events.Select(e => HistoryEvent.FromJson(JsonNode.Parse(e.ToJson().ToJsonString())!.AsObject())).ToList();

        var second = await interpreter.ExecuteAsync(Harness.Request(Definition) with { RedriveFrom = stored });

        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
    }
}
