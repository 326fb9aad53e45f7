using System.Text.Json.Nodes;

namespace Pipeline.EndToEnd.Tests;

/// <summary>S3 delivers events at least once: a repeated event must not start a second execution.</summary>
public sealed class DuplicateEventTests : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _fixture;

    public DuplicateEventTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task DeliverTwice_SameObjectEvent_StartsOneExecution()
    {
        const string dataset = "bc-duplicates";
        var config = _fixture.WriteConfiguration("breast-cancer", dataset);
        var first = await _fixture.RunAsync(RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"), dataset, config);
        Assert.Equal("SUCCEEDED", first.Execution!.Status);

        var again = await _fixture.Runtime.Events.DeliverAsync(first.StoredObject, "ObjectCreated:Put");

        var delivery = Assert.Single(again);
        Assert.Null(delivery.Result.FunctionError);
        var response = JsonNode.Parse(delivery.Result.Payload)!;
        Assert.Empty(response["started"]!.AsArray());
        Assert.Equal(first.Execution.ExecutionArn, Assert.Single(response["duplicates"]!.AsArray())!.GetValue<string>());
        var executions = await _fixture.Runtime.StepFunctions.ListExecutionsAsync();
        Assert.Single(executions, e => e.Name.StartsWith(dataset, StringComparison.Ordinal));
    }
}
