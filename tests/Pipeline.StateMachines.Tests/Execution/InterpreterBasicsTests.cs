using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: Amazon States Language specification, "Pass State", "Succeed State", "Fail State", "Input and Output Processing".
public sealed class InterpreterBasicsTests
{
    [Fact]
    public async Task ExecuteAsync_PassChain_SucceedsWithAwsEventSequence()
    {
        const string definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Pass","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"in":true}""");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"in":true,"a":{"x":1}}""", result.Output);
        Assert.Equal(
            ["ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            Harness.Types(result));
        Assert.Equal([1L, 2, 3, 4, 5, 6], result.Events.Select(e => e.Id));
        Assert.Equal([0L, 1, 2, 3, 4, 5], result.Events.Select(e => e.PreviousEventId));
    }

    [Fact]
    public async Task ExecuteAsync_StateEnteredEvent_HasNameAndInputText()
    {
        var result = await Harness.RunAsync("""{"StartAt":"Only","States":{"Only":{"Type":"Succeed"}}}""", """{"k":"v"}""");

        var json = result.Events[1].ToJson();
        Assert.Equal("SucceedStateEntered", json["type"]!.GetValue<string>());
        Assert.Equal(2, json["id"]!.GetValue<long>());
        Assert.Equal(1, json["previousEventId"]!.GetValue<long>());
        Assert.Equal("Only", json["stateEnteredEventDetails"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"k":"v"}""", json["stateEnteredEventDetails"]!["input"]!.GetValue<string>());
        Assert.False(json["stateEnteredEventDetails"]!["inputDetails"]!["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ExecuteAsync_FailState_FailsWithErrorAndCause()
    {
        var result = await Harness.RunAsync("""{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Custom.Error","Cause":"went wrong"}}}""");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Custom.Error", result.Error);
        Assert.Equal("went wrong", result.Cause);
        Assert.Equal(["ExecutionStarted", "FailStateEntered", "ExecutionFailed"], Harness.Types(result));
        var details = Harness.Details(result.Events[^1]);
        Assert.Equal("Custom.Error", details["error"]!.GetValue<string>());
        Assert.Equal("went wrong", details["cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_InputPathMissing_FailsWithStatesRuntime()
    {
        var result = await Harness.RunAsync("""{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.missing","End":true}}}""");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal(
            "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
            result.Cause);
    }

    [Fact]
    public async Task ExecuteAsync_ParametersWithPathsAndIntrinsics_BuildsPayload()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
              "greeting.$":"States.Format('Hello, {}!', $.name)",
              "id.$":"$$.Execution.Name",
              "nested":{"sum.$":"States.MathAdd($.a, $.b)"},
              "list.$":"States.Array($.a, 'x')",
              "text.$":"States.JsonToString($.obj)",
              "parsed.$":"States.StringToJson($.json)",
              "static":"kept"},"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"name":"Ada","a":2,"b":3,"obj":{"k":[1]},"json":"{\"z\":true}"}""");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var output = Harness.Output(result)!;
        Assert.Equal("Hello, Ada!", output["greeting"]!.GetValue<string>());
        Assert.Equal("run-1", output["id"]!.GetValue<string>());
        Assert.Equal(5, output["nested"]!["sum"]!.GetValue<long>());
        Assert.Equal("""[2,"x"]""", output["list"]!.ToJsonString());
        Assert.Equal("""{"k":[1]}""", output["text"]!.GetValue<string>());
        Assert.True(output["parsed"]!["z"]!.GetValue<bool>());
        Assert.Equal("kept", output["static"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_ParametersPathMissing_FailsWithStatesRuntimeCause()
    {
        var result = await Harness.RunAsync("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$.nope"},"End":true}}}""", """{"x":1}""");

        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal(
            "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'a.$' could not be found in the input '{\"x\":1}'",
            result.Cause);
    }

    [Fact]
    public async Task ExecuteAsync_OutputPathAndResultPathNull_FilterOutput()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Result":"ignored","ResultPath":null,"OutputPath":"$.keep","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"keep":{"v":1},"drop":2}""");

        Assert.Equal("""{"v":1}""", result.Output);
    }

    [Fact]
    public async Task ExecuteAsync_Listener_ReceivesEveryEventInOrder()
    {
        var listener = new RecordingListener();

        var result = await Harness.RunAsync("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""", "{}", null, listener);

        Assert.Equal(result.Events.Select(e => e.Id), listener.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task ExecuteAsync_InvalidInputJson_ThrowsArgumentException()
    {
        var interpreter = new StateMachineInterpreter(new ScriptedTasks(), TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => interpreter.ExecuteAsync(Harness.Request("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""", "{not json")));
    }

    [Fact]
    public async Task ExecuteAsync_ContextObject_ExposesExecutionAndState()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"ctx.$":"$$"},"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"a":1}""");

        var ctx = Harness.Output(result)!["ctx"]!;
        Assert.Equal(Harness.ExecutionArn, ctx["Execution"]!["Id"]!.GetValue<string>());
        Assert.Equal("""{"a":1}""", ctx["Execution"]!["Input"]!.ToJsonString());
        Assert.Equal("2026-01-02T03:04:05.000Z", ctx["Execution"]!["StartTime"]!.GetValue<string>());
        Assert.Equal("P", ctx["State"]!["Name"]!.GetValue<string>());
        Assert.Equal(0, ctx["State"]!["RetryCount"]!.GetValue<int>());
        Assert.Equal("Test", ctx["StateMachine"]!["Name"]!.GetValue<string>());
        Assert.Equal(Harness.StateMachineArn, ctx["StateMachine"]!["Id"]!.GetValue<string>());
    }

    [Fact]
    public void HistoryEvent_JsonRoundTrip_KeepsAllFields()
    {
        var source = JsonNode.Parse("""{"timestamp":1767323045.5,"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"T","input":"{}","inputDetails":{"truncated":false}}}""")!.AsObject();

        var parsed = HistoryEvent.FromJson(source);

        Assert.Equal(2, parsed.Id);
        Assert.Equal(1, parsed.PreviousEventId);
        Assert.Equal("TaskStateEntered", parsed.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767323045500), parsed.Timestamp);
        Assert.True(JsonNode.DeepEquals(source, parsed.ToJson()));
    }
}
