using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Events;
using Pipeline.Local.Lambda;
using Pipeline.Local.Storage;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Events;

public sealed class S3EventRouterTests : IDisposable
{
    private const string Bucket = "data-bucket";
    private const string Handler = "Pipeline.Local.Tests::Pipeline.Local.Tests.Events.RecordingHandler::HandleAsync";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"router-{Guid.NewGuid():N}");
    private readonly string _functionName = $"fn-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        RecordingHandler.Reset(_functionName);
    }

    private async Task<(FolderObjectStore Store, S3EventRouter Router)> CreateAsync(int failures = 0)
    {
        var store = new FolderObjectStore(_root);
        await store.CreateBucketAsync(Bucket);
        var function = new FunctionResource(
            "DataArrived",
            _functionName,
            $"arn:aws:lambda:us-east-1:000000000000:function:{_functionName}",
            Handler,
            "dotnet10",
            10,
            new Dictionary<string, string> { ["FAILURES"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            [new S3EventSource("Arrived", Bucket, ["s3:ObjectCreated:*"], "incoming/", ".csv")]);
        var lambda = new LocalLambdaService([function], new Dictionary<string, string>(), TimeProvider.System, NullLoggerFactory.Instance);
        return (store, new S3EventRouter(store, lambda, "us-east-1", TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero));
    }

    private static MemoryStream Content(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task PutObject_MatchingKey_DeliversS3Notification()
    {
        var (store, router) = await CreateAsync();

        var info = await store.PutObjectAsync(Bucket, "incoming/iris/new data+1.csv", Content("a,b\n1,2\n"));
        var deliveries = await router.WaitForDeliveriesAsync(info);

        var delivery = Assert.Single(deliveries);
        Assert.Equal(1, delivery.Attempts);
        var record = JsonNode.Parse(Assert.Single(RecordingHandler.Payloads(_functionName)))!["Records"]![0]!;
        Assert.Equal("ObjectCreated:Put", record["eventName"]!.GetValue<string>());
        Assert.Equal(Bucket, record["s3"]!["bucket"]!["name"]!.GetValue<string>());
        Assert.Equal("incoming/iris/new+data%2B1.csv", record["s3"]!["object"]!["key"]!.GetValue<string>());
        Assert.Equal(info.Size, record["s3"]!["object"]!["size"]!.GetValue<long>());
        Assert.Equal(info.ETag, record["s3"]!["object"]!["eTag"]!.GetValue<string>());
        Assert.Equal(info.Sequencer, record["s3"]!["object"]!["sequencer"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("outgoing/iris/data.csv")]
    [InlineData("incoming/iris/data.json")]
    [InlineData("config/iris.json")]
    public async Task PutObject_KeyOutsideFilter_DeliversNothing(string key)
    {
        var (store, router) = await CreateAsync();

        var info = await store.PutObjectAsync(Bucket, key, Content("x"));
        var deliveries = await router.WaitForDeliveriesAsync(info);

        Assert.Empty(deliveries);
        Assert.Empty(RecordingHandler.Payloads(_functionName));
    }

    [Fact]
    public async Task PutObject_FunctionFailsTwice_SucceedsOnThirdAttempt()
    {
        var (store, router) = await CreateAsync(failures: 2);

        var info = await store.PutObjectAsync(Bucket, "incoming/iris/data.csv", Content("a\n"));
        var delivery = Assert.Single(await router.WaitForDeliveriesAsync(info));

        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.Result.FunctionError);
        Assert.Equal(3, RecordingHandler.Payloads(_functionName).Count);
    }

    [Fact]
    public async Task PutObject_FunctionAlwaysFails_StopsAfterThreeAttempts()
    {
        var (store, router) = await CreateAsync(failures: 10);

        var info = await store.PutObjectAsync(Bucket, "incoming/iris/data.csv", Content("a\n"));
        var delivery = Assert.Single(await router.WaitForDeliveriesAsync(info));

        Assert.Equal(S3EventRouter.MaxAttempts, delivery.Attempts);
        Assert.Equal("Unhandled", delivery.Result.FunctionError);
        Assert.Equal(S3EventRouter.MaxAttempts, RecordingHandler.Payloads(_functionName).Count);
    }
}

/// <summary>Records every event it receives and fails the first FAILURES invocations.</summary>
public sealed class RecordingHandler
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Received = new();
    private readonly string _function;
    private readonly int _failures;

    public RecordingHandler(IReadOnlyDictionary<string, string?> environment)
    {
        _function = environment["AWS_LAMBDA_FUNCTION_NAME"]!;
        _failures = int.Parse(environment["FAILURES"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<string> Payloads(string function) => Received.TryGetValue(function, out var queue) ? queue.ToList() : [];

    public static void Reset(string function) => Received.TryRemove(function, out _);

    public async Task<Stream> HandleAsync(Stream input)
    {
        using var reader = new StreamReader(input);
        var payload = await reader.ReadToEndAsync();
        var queue = Received.GetOrAdd(_function, _ => new ConcurrentQueue<string>());
        queue.Enqueue(payload);
        if (queue.Count <= _failures)
        {
            throw new InvalidOperationException($"failure {queue.Count}");
        }

        return new MemoryStream(Encoding.UTF8.GetBytes("{}"));
    }
}
