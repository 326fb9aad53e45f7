using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: ASL specification "Task State" (TimeoutSeconds, HeartbeatSeconds) and "Top-level fields" (TimeoutSeconds);
// AWS doc "Wait for a Callback with Task Token".
public sealed class TimeoutTests
{
    private const string TokenResource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";

    [Fact]
    public async Task ExecuteAsync_MachineTimeoutSeconds_EndsWithExecutionTimedOut()
    {
        const string definition = """{"TimeoutSeconds":10,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

        var result = await Harness.RunAsync(definition);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal("WaitStateAborted", result.Events[^2].Type);
        Assert.Equal("ExecutionTimedOut", result.Events[^1].Type);
        Assert.Equal("States.Timeout", Harness.Details(result.Events[^1])["error"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(10), result.StopDate - result.StartDate);
    }

    [Fact]
    public async Task ExecuteAsync_HeartbeatNotSent_FailsWithHeartbeatTimeout()
    {
        var tasks = new ScriptedTasks().Returns(TokenResource, """{"MessageId":"m"}""");
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":30,"TimeoutSeconds":600,"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.HeartbeatTimeout", result.Error);
        var timedOut = result.Events.Single(e => e.Type == "TaskTimedOut");
        Assert.Equal("States.HeartbeatTimeout", Harness.Details(timedOut)["error"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(30), timedOut.Timestamp - result.Events.Single(e => e.Type == "TaskSubmitted").Timestamp);
    }

    [Fact]
    public async Task ExecuteAsync_HeartbeatsKeepTaskAlive_UntilTimeoutSeconds()
    {
        StateMachineInterpreter? interpreter = null;
        var clock = new SkipAheadTimeProvider(Harness.Start);
        var tasks = new ScriptedTasks().On(TokenResource, (request, attempt) =>
        {
            var token = request.TaskToken!;
            var timer = clock.CreateTimer(_ => interpreter!.SendTaskHeartbeat(token), null, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20));
            return Task.FromResult<JsonNode?>(JsonNode.Parse("{}"));
        });
        interpreter = new StateMachineInterpreter(tasks, clock);
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":30,"TimeoutSeconds":100,"End":true}}}
            """;

        var result = await interpreter.ExecuteAsync(Harness.Request(definition));

        Assert.Equal("States.Timeout", result.Error);
        var timedOut = result.Events.Single(e => e.Type == "TaskTimedOut");
        Assert.Equal(TimeSpan.FromSeconds(100), timedOut.Timestamp - result.Events.Single(e => e.Type == "TaskStarted").Timestamp);
    }

    [Fact]
    public async Task SendTaskFailure_FailsTaskWithGivenError()
    {
        StateMachineInterpreter? interpreter = null;
        var tasks = new ScriptedTasks().On(TokenResource, (request, attempt) =>
        {
            var token = request.TaskToken!;
            _ = Task.Run(() => interpreter!.SendTaskFailure(token, "Approval.Rejected", "no"));
            return Task.FromResult<JsonNode?>(null);
        });
        interpreter = new StateMachineInterpreter(tasks, TimeProvider.System);
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}""";

        var result = await interpreter.ExecuteAsync(Harness.Request(definition));

        Assert.Equal("Approval.Rejected", result.Error);
        Assert.Equal("no", result.Cause);
        Assert.Equal("TaskFailed", result.Events[^2].Type);
    }

    [Fact]
    public void SendTaskSuccess_UnknownToken_ReturnsFalse()
    {
        var interpreter = new StateMachineInterpreter(new ScriptedTasks(), TimeProvider.System);

        Assert.False(interpreter.SendTaskSuccess("nope", "{}"));
        Assert.False(interpreter.SendTaskFailure("nope", "E", null));
        Assert.False(interpreter.SendTaskHeartbeat("nope"));
        Assert.False(interpreter.StopExecution("arn:aws:states:us-east-1:1:execution:x:y", null, null));
    }

    [Fact]
    public async Task ExecuteAsync_RetryIntervalsFollowBackoffAndMaxDelay()
    {
        var tasks = new ScriptedTasks().Fails("arn:aws:states:::lambda:invoke", "E", times: 4, thenJson: "{}");
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":3,"MaxDelaySeconds":10,"MaxAttempts":4}],"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        var scheduled = result.Events.Where(e => e.Type == "TaskScheduled").Select(e => e.Timestamp).ToArray();
        var gaps = scheduled.Zip(scheduled.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Equal([2.0, 6.0, 10.0, 10.0], gaps);
    }
}
