using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Logs;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.Logs;

public sealed class LogStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GetLogEvents_DefaultDirection_ReturnsNewestEvents()
    {
        var store = new LogStore(_time);
        store.Append("/g", "s", Enumerable.Range(0, 10).Select(i => ((long)i, $"line {i}")));

        var page = store.GetLogEvents("/g", "s", limit: 3);

        Assert.Equal(["line 7", "line 8", "line 9"], page.Events.Select(item => item.Message));
    }

    [Fact]
    public void GetLogEvents_ForwardTokens_PageThroughFromHead()
    {
        var store = new LogStore(_time);
        store.Append("/g", "s", Enumerable.Range(0, 5).Select(i => ((long)i, $"line {i}")));

        var first = store.GetLogEvents("/g", "s", limit: 2, startFromHead: true);
        var second = store.GetLogEvents("/g", "s", nextToken: first.NextForwardToken, limit: 2);
        var third = store.GetLogEvents("/g", "s", nextToken: second.NextForwardToken, limit: 2);
        var end = store.GetLogEvents("/g", "s", nextToken: third.NextForwardToken, limit: 2);
        var back = store.GetLogEvents("/g", "s", nextToken: third.NextBackwardToken, limit: 2);

        Assert.Equal(["line 0", "line 1"], first.Events.Select(item => item.Message));
        Assert.Equal(["line 2", "line 3"], second.Events.Select(item => item.Message));
        Assert.Equal(["line 4"], third.Events.Select(item => item.Message));
        Assert.Empty(end.Events);
        Assert.Equal(third.NextForwardToken, end.NextForwardToken);
        Assert.Equal(["line 2", "line 3"], back.Events.Select(item => item.Message));
    }

    [Fact]
    public void GetLogEvents_TimeRange_IncludesStartExcludesEnd()
    {
        var store = new LogStore(_time);
        store.Append("/g", "s", [(100L, "a"), (200L, "b"), (300L, "c")]);

        var page = store.GetLogEvents("/g", "s", startTime: 200, endTime: 300, startFromHead: true);

        Assert.Equal(["b"], page.Events.Select(item => item.Message));
    }

    [Fact]
    public async Task GetLogEventsOperation_UnknownStream_ThrowsResourceNotFound()
    {
        var store = new LogStore(_time);
        var registry = new LocalServiceRegistry();
        store.Register(registry);
        store.EnsureGroup("/g");

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => registry.InvokeAsync("logs", "GetLogEvents", new JsonObject { ["logGroupName"] = "/g", ["logStreamName"] = "missing" }));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("The specified log stream does not exist.", error.Message);
    }

    [Fact]
    public async Task Operations_CreatePutGetDescribe_UseCloudWatchMembers()
    {
        var store = new LogStore(_time);
        var registry = new LocalServiceRegistry();
        store.Register(registry);

        await registry.InvokeAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = "/app" });
        await registry.InvokeAsync("logs", "CreateLogStream", new JsonObject { ["logGroupName"] = "/app", ["logStreamName"] = "one" });
        await registry.InvokeAsync("logs", "PutLogEvents", JsonNode.Parse("""{"logGroupName": "/app", "logStreamName": "one", "logEvents": [{"timestamp": 5, "message": "hello"}]}""")!.AsObject());
        var events = await registry.InvokeAsync("logs", "GetLogEvents", new JsonObject { ["logGroupName"] = "/app", ["logStreamName"] = "one", ["startFromHead"] = true });
        var streams = await registry.InvokeAsync("logs", "DescribeLogStreams", new JsonObject { ["logGroupName"] = "/app" });
        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() => registry.InvokeAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = "/app" }));

        var item = Assert.Single(events["events"]!.AsArray());
        Assert.Equal("hello", (string?)item!["message"]);
        Assert.Equal(5L, (long)item["timestamp"]!);
        Assert.StartsWith("f/", (string?)events["nextForwardToken"], StringComparison.Ordinal);
        Assert.Equal("one", (string?)Assert.Single(streams["logStreams"]!.AsArray())!["logStreamName"]);
        Assert.Equal("ResourceAlreadyExistsException", duplicate.ErrorCode);
    }

    [Fact]
    public void Constructor_WithDirectory_ReloadsEarlierStreams()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pipeline-logs", Guid.NewGuid().ToString("N"));
        try
        {
            new LogStore(_time, directory).Append("/aws/sagemaker/TrainingJobs", "job/algo-1-1", [(1L, "[0]\ttrain-auc:0.9")]);

            var reloaded = new LogStore(_time, directory);

            var events = reloaded.ReadAll("/aws/sagemaker/TrainingJobs", "job/algo-1-1");
            Assert.Equal("[0]\ttrain-auc:0.9", Assert.Single(events).Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
