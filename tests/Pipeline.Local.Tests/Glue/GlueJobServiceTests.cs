using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Glue;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;
using Pipeline.Local.Tests.Triggers;

namespace Pipeline.Local.Tests.Glue;

public sealed class GlueJobServiceTests : IAsyncDisposable
{
    private const string Job = "stack-preprocess";
    private const string Spec = """{ "target": "diagnosis" }""";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "glue-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly GatedObjectStore _objects;
    private readonly InMemoryResourceStore _store = new();
    private readonly LocalServiceRegistry _registry = new();
    private GlueJobService _service;

    public GlueJobServiceTests()
    {
        _objects = new GatedObjectStore(new FolderObjectStore(Path.Combine(_root, "buckets"), _time));
        _service = CreateService(maxConcurrentRuns: 2);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task StartJobRun_BreastCancer_SucceedsAndPutsOutputs()
    {
        await UploadAsync("incoming/breast-cancer/data.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));

        var runId = await StartAsync(Arguments("s3://data/incoming/breast-cancer/data.csv", "s3://data/processed/breast-cancer/run1/"));
        var run = await _service.WaitForCompletionAsync(Job, runId);

        Assert.True((string?)run["JobRunState"] == "SUCCEEDED", (string?)run["ErrorMessage"]);
        Assert.Equal(runId, (string?)run["Id"]);
        Assert.StartsWith("jr_", runId, StringComparison.Ordinal);
        Assert.Equal(67, runId.Length);
        Assert.NotNull(run["CompletedOn"]);
        Assert.Equal(0, (int)run["Attempt"]!);
        var keys = await ListAsync("processed/breast-cancer/run1/");
        Assert.Equal(["processed/breast-cancer/run1/manifest.json", "processed/breast-cancer/run1/train/data.csv", "processed/breast-cancer/run1/validation/data.csv"], keys);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(_objects.GetObjectFilePath("data", "processed/breast-cancer/run1/manifest.json")))!;
        Assert.Equal(569, (long)manifest["rows"]!["train"]! + (long)manifest["rows"]!["validation"]!);
    }

    [Fact]
    public async Task StartJobRun_Arguments_MergedOverDefaults()
    {
        await UploadAsync("in/data.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));

        var runId = await StartAsync(Arguments("s3://data/in/data.csv", "s3://data/out/"));
        var run = await _service.WaitForCompletionAsync(Job, runId);

        var arguments = run["Arguments"]!.AsObject();
        Assert.Equal("python", (string?)arguments["--job-language"]);
        Assert.Equal("breast-cancer", (string?)arguments["--dataset"]);
        Assert.Equal("override", (string?)arguments["--enable-metrics"]);
    }

    [Fact]
    public async Task StartJobRun_BadData_FailsWithEngineMessageAndWritesNothing()
    {
        await UploadAsync("in/data.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));
        var arguments = Arguments("s3://data/in/data.csv", "s3://data/out/");
        arguments["--spec"] = """{ "target": "label" }""";

        var run = await _service.WaitForCompletionAsync(Job, await StartAsync(arguments));

        Assert.Equal("FAILED", (string?)run["JobRunState"]);
        Assert.Contains("The target column 'label' is not in the header", (string?)run["ErrorMessage"], StringComparison.Ordinal);
        Assert.Empty(await ListAsync("out/"));
    }

    [Fact]
    public async Task StartJobRun_InvalidSpec_FailsListingEveryProblem()
    {
        await UploadAsync("in/data.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));
        var arguments = Arguments("s3://data/in/data.csv", "s3://data/out/");
        arguments["--spec"] = """{ "split": { "train": 2 } }""";

        var run = await _service.WaitForCompletionAsync(Job, await StartAsync(arguments));

        Assert.Equal("FAILED", (string?)run["JobRunState"]);
        Assert.Contains("$.target: is required", (string?)run["ErrorMessage"], StringComparison.Ordinal);
        Assert.Contains("$.split.train", (string?)run["ErrorMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartJobRun_MissingArguments_FailsNamingThem()
    {
        var run = await _service.WaitForCompletionAsync(Job, await StartAsync(new JsonObject { ["--spec"] = Spec }));

        Assert.Equal("FAILED", (string?)run["JobRunState"]);
        Assert.Equal(
            "GlueArgumentError: the following arguments are required: --input_uri, --output_uri. Pass them in StartJobRun Arguments or the job's DefaultArguments.",
            (string?)run["ErrorMessage"]);
    }

    [Fact]
    public async Task StartJobRun_InputObjectMissing_FailsNamingTheUri()
    {
        var run = await _service.WaitForCompletionAsync(Job, await StartAsync(Arguments("s3://data/in/none.csv", "s3://data/out/")));

        Assert.Equal("FAILED", (string?)run["JobRunState"]);
        Assert.Equal("The input object s3://data/in/none.csv does not exist. Check --input_uri.", (string?)run["ErrorMessage"]);
    }

    [Fact]
    public async Task StartJobRun_UnknownJob_ThrowsEntityNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _registry.InvokeAsync("glue", "StartJobRun", new JsonObject { ["JobName"] = "nope" }));

        Assert.Equal("EntityNotFoundException", error.ErrorCode);
        Assert.Contains("Job nope not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(Job, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartJobRun_NonStringArgument_ThrowsInvalidInput()
    {
        var request = new JsonObject { ["JobName"] = Job, ["Arguments"] = new JsonObject { ["--spec"] = 3 } };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _registry.InvokeAsync("glue", "StartJobRun", request));

        Assert.Equal("InvalidInputException", error.ErrorCode);
    }

    [Fact]
    public async Task GetJobRun_UnknownRun_ThrowsEntityNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _registry.InvokeAsync("glue", "GetJobRun", new JsonObject { ["JobName"] = Job, ["RunId"] = "jr_missing" }));

        Assert.Equal("EntityNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task GetJobRuns_TwoRuns_ListsNewestFirstWithPaging()
    {
        var first = await StartAsync(new JsonObject { ["--spec"] = Spec });
        await _service.WaitForCompletionAsync(Job, first);
        var second = await StartAsync(new JsonObject { ["--spec"] = Spec });
        await _service.WaitForCompletionAsync(Job, second);

        var page = await _registry.InvokeAsync("glue", "GetJobRuns", new JsonObject { ["JobName"] = Job, ["MaxResults"] = 1 });
        var next = await _registry.InvokeAsync("glue", "GetJobRuns", new JsonObject { ["JobName"] = Job, ["MaxResults"] = 1, ["NextToken"] = page["NextToken"]!.DeepClone() });

        Assert.Equal(second, (string?)page["JobRuns"]![0]!["Id"]);
        Assert.Equal(first, (string?)next["JobRuns"]![0]!["Id"]);
        Assert.Null(next["NextToken"]);
    }

    [Fact]
    public async Task StartJobRun_OverMaxConcurrentRuns_ThrowsConcurrentRunsExceeded()
    {
        await using var service = CreateService(maxConcurrentRuns: 1);
        var registry = new LocalServiceRegistry();
        service.Register(registry);
        var gate = await BlockInputAsync();

        var request = new JsonObject { ["JobName"] = Job, ["Arguments"] = Arguments("s3://data/in/blocked.csv", "s3://data/out/") };
        var first = (string)(await registry.InvokeAsync("glue", "StartJobRun", request.DeepClone().AsObject()))["JobRunId"]!;
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => registry.InvokeAsync("glue", "StartJobRun", request.DeepClone().AsObject()));
        gate.Dispose();
        await service.WaitForCompletionAsync(Job, first);

        Assert.Equal("ConcurrentRunsExceededException", error.ErrorCode);
        Assert.Contains($"Concurrent runs exceeded for {Job}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchStopJobRun_RunningRun_EndsStoppedWithoutOutputs()
    {
        using var gate = await BlockInputAsync();
        var runId = await StartAsync(Arguments("s3://data/in/blocked.csv", "s3://data/out/"));

        var response = await _registry.InvokeAsync("glue", "BatchStopJobRun", new JsonObject { ["JobName"] = Job, ["JobRunIds"] = new JsonArray(runId, "jr_unknown") });
        gate.Dispose();
        var run = await _service.WaitForCompletionAsync(Job, runId);

        Assert.Equal(runId, (string?)response["SuccessfulSubmissions"]![0]!["JobRunId"]);
        Assert.Equal("EntityNotFoundException", (string?)response["Errors"]![0]!["ErrorDetail"]!["ErrorCode"]);
        Assert.Equal("STOPPED", (string?)run["JobRunState"]);
        Assert.Empty(await ListAsync("out/"));
    }

    [Fact]
    public async Task StartJobRun_Succeeded_LogsRunEnded()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var service = CreateService(maxConcurrentRuns: 1, loggers);
        var registry = new LocalServiceRegistry();
        service.Register(registry);
        await UploadAsync("in/data.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));
        var request = new JsonObject { ["JobName"] = Job, ["Arguments"] = Arguments("s3://data/in/data.csv", "s3://data/out/") };

        var runId = (string)(await registry.InvokeAsync("glue", "StartJobRun", request))["JobRunId"]!;
        await service.WaitForCompletionAsync(Job, runId);

        var ended = Assert.Single(logs.WithEventId(6301));
        Assert.Equal(runId, (string?)ended.Values["JobRunId"]);
        Assert.Equal("SUCCEEDED", (string?)ended.Values["JobRunState"]);
    }

    [Fact]
    public async Task StartJobRun_PastTimeout_EndsInTimeout()
    {
        using var gate = await BlockInputAsync();
        var request = new JsonObject { ["JobName"] = Job, ["Timeout"] = 5, ["Arguments"] = Arguments("s3://data/in/blocked.csv", "s3://data/out/") };
        var runId = (string)(await _registry.InvokeAsync("glue", "StartJobRun", request))["JobRunId"]!;

        // The run records RUNNING before it checks its input, so reaching the blocked check means it is running.
        await _objects.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var running = await _registry.InvokeAsync("glue", "GetJobRun", new JsonObject { ["JobName"] = Job, ["RunId"] = runId });
        Assert.Equal("RUNNING", (string?)running["JobRun"]!["JobRunState"]);
        _time.Advance(TimeSpan.FromMinutes(6));
        gate.Dispose();
        var run = await _service.WaitForCompletionAsync(Job, runId);

        Assert.Equal("TIMEOUT", (string?)run["JobRunState"]);
        Assert.Equal(360, (int)run["ExecutionTime"]!);
        Assert.Contains("timed out after 5 minutes", (string?)run["ErrorMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobRun_RunLeftActiveByEarlierProcess_ReportsError()
    {
        await _store.PutAsync(GlueJobService.JobRunKind, $"{Job}/jr_old", new JsonObject
        {
            ["Id"] = "jr_old", ["JobName"] = Job, ["JobRunState"] = "RUNNING", ["StartedOn"] = 1777622400m, ["Arguments"] = new JsonObject(),
        });

        var response = await _registry.InvokeAsync("glue", "GetJobRun", new JsonObject { ["JobName"] = Job, ["RunId"] = "jr_old" });

        Assert.Equal("ERROR", (string?)response["JobRun"]!["JobRunState"]);
        Assert.Contains("stopped while this run was in progress", (string?)response["JobRun"]!["ErrorMessage"], StringComparison.Ordinal);
    }

    private GlueJobService CreateService(int maxConcurrentRuns, ILoggerFactory? loggers = null)
    {
        var job = new GlueJobDefinition
        {
            Name = Job,
            ScriptLocation = "src/glue/preprocess.py",
            DefaultArguments = new Dictionary<string, string> { ["--job-language"] = "python", ["--enable-metrics"] = "true" },
            MaxConcurrentRuns = maxConcurrentRuns,
            Timeout = 60,
        };
        var service = new GlueJobService(_objects, _store, _time, loggers ?? NullLoggerFactory.Instance, Path.Combine(_root, "work"), [job]);
        service.Register(_registry);
        return service;
    }

    private static JsonObject Arguments(string input, string output) => new()
    {
        ["--input_uri"] = input,
        ["--output_uri"] = output,
        ["--spec"] = Spec,
        ["--dataset"] = "breast-cancer",
        ["--enable-metrics"] = "override",
    };

    private async Task<string> StartAsync(JsonObject arguments)
    {
        var response = await _registry.InvokeAsync("glue", "StartJobRun", new JsonObject { ["JobName"] = Job, ["Arguments"] = arguments });
        return (string)response["JobRunId"]!;
    }

    private async Task UploadAsync(string key, string file)
    {
        await _objects.CreateBucketAsync("data");
        await using var content = File.OpenRead(file);
        await _objects.PutObjectAsync("data", key, content);
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var info in _objects.ListObjectsAsync("data", prefix))
        {
            keys.Add(info.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Holds runs that read <c>in/blocked.csv</c> at their input check until the returned handle is disposed.</summary>
    private async Task<IDisposable> BlockInputAsync()
    {
        await UploadAsync("in/blocked.csv", RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv"));
        return _objects.Block("in/blocked.csv");
    }
}
