using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: AWS doc "Map state in Distributed mode" (ItemReader, ItemBatcher, ResultWriter).
public sealed class MapItemReaderTests
{
    private sealed class Reader(JsonArray items) : IMapItemReader
    {
        public List<MapItemReaderRequest> Requests { get; } = [];

        public Task<JsonArray> ReadItemsAsync(MapItemReaderRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult((JsonArray)items.DeepClone());
        }
    }

    private sealed class Writer : IMapResultWriter
    {
        public JsonArray? Results { get; private set; }

        public JsonNode? Parameters { get; private set; }

        public Task<JsonNode?> WriteResultsAsync(MapResultWriterRequest request, CancellationToken cancellationToken)
        {
            Results = request.Results;
            Parameters = request.Parameters;
            return Task.FromResult<JsonNode?>(new JsonObject { ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = "out", ["Key"] = "results/manifest.json" } });
        }
    }

    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItems":2},
                        "Parameters":{"Bucket.$":"$.bucket","Key":"items.csv"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"results"}},
          "End":true}}}
        """;

    [Fact]
    public async Task ExecuteAsync_ItemReaderAndResultWriter_UseHostInterfaces()
    {
        var reader = new Reader(JsonNode.Parse("""[{"id":"1"},{"id":"2"},{"id":"3"}]""")!.AsArray());
        var writer = new Writer();
        var interpreter = new StateMachineInterpreter(new ScriptedTasks(), new SkipAheadTimeProvider(Harness.Start)) { ItemReader = reader, ResultWriter = writer };

        var result = await interpreter.ExecuteAsync(Harness.Request(Definition, """{"bucket":"in"}"""));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"ResultWriterDetails":{"Bucket":"out","Key":"results/manifest.json"}}""", result.Output);
        var request = Assert.Single(reader.Requests);
        Assert.Equal("arn:aws:states:::s3:getObject", request.Resource);
        Assert.Equal("""{"Bucket":"in","Key":"items.csv"}""", request.Parameters!.ToJsonString());
        Assert.Equal("CSV", request.ReaderConfig!["InputType"]!.GetValue<string>());
        Assert.Equal("""[{"id":"1"},{"id":"2"}]""", writer.Results!.ToJsonString());
        Assert.Equal("""{"Bucket":"out","Prefix":"results"}""", writer.Parameters!.ToJsonString());
    }

    [Fact]
    public async Task ExecuteAsync_ItemReaderWithoutHost_FailsWithItemReaderFailed()
    {
        var result = await Harness.RunAsync(Definition, """{"bucket":"in"}""");

        Assert.Equal("States.ItemReaderFailed", result.Error);
    }

    [Fact]
    public async Task ExecuteAsync_ItemBatcher_GroupsItemsWithBatchInput()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
              "ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"run.$":"$.run"}},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"run":"r1","items":[1,2,3]}""");

        Assert.Equal("""[{"BatchInput":{"run":"r1"},"Items":[1,2]},{"BatchInput":{"run":"r1"},"Items":[3]}]""", result.Output);
    }
}
