using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: ASL specification "Parallel State" (a failed branch stops all branches) and "Map State".
public sealed class ParallelMapCancellationTests
{
    [Fact]
    public async Task ExecuteAsync_ParallelBranchFails_StopsSlowSibling()
    {
        const string definition = """
            {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":3600,"End":true}}},
              {"StartAt":"Breaks","States":{"Breaks":{"Type":"Fail","Error":"Broken","Cause":"branch 2"}}}]}}}
            """;

        var result = await Harness.RunAsync(definition);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Broken", result.Error);
        Assert.Contains("WaitStateAborted", Harness.Types(result));
        Assert.Contains("ParallelStateFailed", Harness.Types(result));
        Assert.True(result.StopDate - result.StartDate < TimeSpan.FromHours(1), $"The execution took {result.StopDate - result.StartDate}.");
    }

    [Fact]
    public async Task ExecuteAsync_MapIterationFails_StopsOtherIterations()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"Breaks"}],"Default":"Slow"},
              "Breaks":{"Type":"Fail","Error":"Broken"},
              "Slow":{"Type":"Wait","Seconds":3600,"End":true}}}}}}
            """;

        var result = await Harness.RunAsync(definition, "[1, 0, 2]");

        Assert.Equal("Broken", result.Error);
        Assert.Contains("MapIterationAborted", Harness.Types(result));
        Assert.Contains("MapStateFailed", Harness.Types(result));
        Assert.True(result.StopDate - result.StartDate < TimeSpan.FromHours(1), $"The execution took {result.StopDate - result.StartDate}.");
    }
}
