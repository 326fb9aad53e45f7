using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Glue;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.Glue;

public sealed class GlueListJobsTests : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "glue-list-" + Guid.NewGuid().ToString("N"));
    private readonly LocalServiceRegistry _registry = new();
    private readonly GlueJobService _service;

    public GlueListJobsTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var jobs = new[] { "zeta-preprocess", "alpha-preprocess", "mid-preprocess" }.Select(name => new GlueJobDefinition { Name = name });
        _service = new GlueJobService(new FolderObjectStore(Path.Combine(_root, "buckets"), time), new InMemoryResourceStore(), time, NullLoggerFactory.Instance, Path.Combine(_root, "work"), jobs);
        _service.Register(_registry);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<JsonObject> ListAsync(JsonObject request) => _registry.InvokeAsync("glue", "ListJobs", request);

    private static string[] Names(JsonObject response) => response["JobNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public async Task ListJobs_NoRequestMembers_ReturnsSortedNames()
    {
        var response = await ListAsync([]);

        Assert.Equal(["alpha-preprocess", "mid-preprocess", "zeta-preprocess"], Names(response));
        Assert.Null(response["NextToken"]);
    }

    [Fact]
    public async Task ListJobs_MaxResults_PagesWithNextToken()
    {
        var first = await ListAsync(new JsonObject { ["MaxResults"] = 2 });
        var second = await ListAsync(new JsonObject { ["MaxResults"] = 2, ["NextToken"] = first["NextToken"]!.GetValue<string>() });

        Assert.Equal(["alpha-preprocess", "mid-preprocess"], Names(first));
        Assert.Equal(["zeta-preprocess"], Names(second));
        Assert.Null(second["NextToken"]);
    }

    [Theory]
    [InlineData("""{"NextToken":"not-a-token"}""", "NextToken 'not-a-token'")]
    [InlineData("""{"MaxResults":0}""", "MaxResults")]
    [InlineData("""{"Tags":{"team":"ml"}}""", "Tags")]
    public async Task ListJobs_InvalidRequest_RaisesInvalidInputException(string request, string named)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ListAsync(JsonNode.Parse(request)!.AsObject()));

        Assert.Equal("InvalidInputException", error.ErrorCode);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
