using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Persistence;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Storage;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Local.Tests.StepFunctions;

public sealed class S3MapItemStoreTests : IAsyncLifetime
{
    private const string Bucket = "map-data";
    private const string MachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:map";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"map-{Guid.NewGuid():N}");
    private FolderObjectStore _objects = null!;
    private StateDatabase _database = null!;
    private StepFunctionsService _service = null!;

    public async Task InitializeAsync()
    {
        _objects = new FolderObjectStore(Path.Combine(_folder, "buckets"));
        await _objects.CreateBucketAsync(Bucket);
        _database = new StateDatabase(Path.Combine(_folder, "state.db"));
        _service = new StepFunctionsService(_database, new NoTasks(), new DeploymentEnvironment(), TimeProvider.System, NullLoggerFactory.Instance, new S3MapItemStore(_objects));
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<ExecutionRecord> RunAsync(string name, string itemReader, string? resultWriter = null)
    {
        var writer = resultWriter is null ? string.Empty : $", \"ResultWriter\": {resultWriter}";
        var processor = """{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Echo","States":{"Echo":{"Type":"Pass","End":true}}}""";
        var definition = "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"ItemReader\":" + itemReader + writer
            + ",\"ItemProcessor\":" + processor + ",\"End\":true}}}";
        _service.AddStateMachine(new StateMachineResource(name, name, $"{MachineArn}-{name}", definition, null, "STANDARD"));
        var (arn, _) = await _service.StartExecutionAsync($"{MachineArn}-{name}", "run", "{}");
        return await _service.WaitForExecutionAsync(arn);
    }

    private Task<ObjectInfo> PutAsync(string key, string content) =>
        _objects.PutObjectAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public async Task ItemReader_CsvWithHeader_YieldsRowObjects()
    {
        await PutAsync("items.csv", "name,size\nalpha,1\n\"b,eta\",2\n");

        var record = await RunAsync("csv", """{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"map-data","Key":"items.csv"}}""");

        Assert.Equal("SUCCEEDED", record.Status);
        var output = JsonNode.Parse(record.Output!)!.AsArray();
        Assert.Equal(2, output.Count);
        Assert.Equal("b,eta", output[1]!["name"]!.GetValue<string>());
        Assert.Equal("2", output[1]!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task ItemReader_JsonArrayWithMaxItems_Truncates()
    {
        await PutAsync("items.json", "[1,2,3,4]");

        var record = await RunAsync("json", """{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON","MaxItems":3},"Parameters":{"Bucket":"map-data","Key":"items.json"}}""");

        Assert.Equal("[1,2,3]", JsonNode.Parse(record.Output!)!.ToJsonString());
    }

    [Fact]
    public async Task ItemReader_ListObjects_YieldsObjectSummaries()
    {
        await PutAsync("logs/a.txt", "a");
        await PutAsync("logs/b.txt", "bb");
        await PutAsync("other/c.txt", "c");

        var record = await RunAsync("list", """{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"map-data","Prefix":"logs/"}}""");

        var output = JsonNode.Parse(record.Output!)!.AsArray();
        Assert.Equal(["logs/a.txt", "logs/b.txt"], output.Select(item => item!["Key"]!.GetValue<string>()));
        Assert.Equal(2, output[1]!["Size"]!.GetValue<long>());
    }

    [Fact]
    public async Task ItemReader_MissingObject_FailsExecution()
    {
        var record = await RunAsync("missing", """{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"map-data","Key":"nope.json"}}""");

        Assert.Equal("FAILED", record.Status);
        Assert.Contains("nope.json", record.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultWriter_WritesResultsAndManifest()
    {
        await PutAsync("items.json", """[{"n":1},{"n":2}]""");

        var record = await RunAsync(
            "writer",
            """{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"map-data","Key":"items.json"}}""",
            """{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"map-data","Prefix":"results"}}""");

        Assert.Equal("SUCCEEDED", record.Status);
        var details = JsonNode.Parse(record.Output!)!["ResultWriterDetails"]!;
        var manifestKey = details["Key"]!.GetValue<string>();
        Assert.StartsWith("results/", manifestKey, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(_objects.GetObjectFilePath(Bucket, manifestKey)))!;
        var resultKey = manifest["ResultFiles"]!["SUCCEEDED"]![0]!["Key"]!.GetValue<string>();
        var results = JsonNode.Parse(await File.ReadAllTextAsync(_objects.GetObjectFilePath(Bucket, resultKey)))!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.Equal("""{"n":2}""", results[1]!["Output"]!.GetValue<string>());
    }

    private sealed class NoTasks : ITaskResourceHandler
    {
        public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            throw new TaskFailedException("Test.NoTasks", "This test has no Task states.");
    }
}
