using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: ASL specification "Choice State" and "Wait State".
public sealed class ChoiceAndWaitTests
{
    private const string ChoiceDefinition = """
        {"StartAt":"C","States":{
          "C":{"Type":"Choice","Choices":[
            {"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"},
            {"And":[{"Variable":"$.s","IsPresent":true},{"Variable":"$.s","StringMatches":"log-*.txt"}],"Next":"Log"},
            {"Not":{"Variable":"$.flag","BooleanEquals":true},"Next":"NotFlag"}],
            "Default":"Other"},
          "Big":{"Type":"Pass","Result":"big","End":true},
          "Log":{"Type":"Pass","Result":"log","End":true},
          "NotFlag":{"Type":"Pass","Result":"notflag","End":true},
          "Other":{"Type":"Pass","Result":"other","End":true}}}
        """;

    [Theory]
    [InlineData("""{"n":11}""", "\"big\"")]
    [InlineData("""{"n":1,"s":"log-1.txt","flag":true}""", "\"log\"")]
    [InlineData("""{"n":1,"flag":false}""", "\"notflag\"")]
    [InlineData("""{"n":1,"flag":true}""", "\"other\"")]
    public async Task ExecuteAsync_Choice_TakesFirstMatchingRule(string input, string expected)
    {
        var result = await Harness.RunAsync(ChoiceDefinition, input);

        Assert.Equal(expected, result.Output);
    }

    [Fact]
    public async Task ExecuteAsync_NoChoiceMatchedWithoutDefault_FailsWithStatesRuntime()
    {
        const string definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"D"}]},"D":{"Type":"Succeed"}}}
            """;

        var result = await Harness.RunAsync(definition, """{"n":2}""");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal(
            "An error occurred while executing the state 'C' (entered at the event id #2). Failed to transition out of the state. The state does not point to a next state.",
            result.Cause);
    }

    [Fact]
    public async Task ExecuteAsync_WaitSeconds_AdvancesClockBeforeExit()
    {
        const string definition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

        var result = await Harness.RunAsync(definition);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var entered = result.Events.Single(e => e.Type == "WaitStateEntered").Timestamp;
        var exited = result.Events.Single(e => e.Type == "WaitStateExited").Timestamp;
        Assert.Equal(TimeSpan.FromHours(1), exited - entered);
    }

    [Fact]
    public async Task ExecuteAsync_WaitTimestampPath_WaitsUntilTimestamp()
    {
        const string definition = """{"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.until","End":true}}}""";

        var result = await Harness.RunAsync(definition, """{"until":"2026-01-02T04:00:00Z"}""");

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero), result.Events.Single(e => e.Type == "WaitStateExited").Timestamp);
    }
}
