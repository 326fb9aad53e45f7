using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Pipeline.StateMachines;

namespace Pipeline.Benchmarks.StateMachines;

/// <summary>An inline Map over 10,000 items, each processed by one Pass state (target: under 1 second).</summary>
[MemoryDiagnoser]
public class MapBenchmarks
{
    private StateMachineInterpreter interpreter = null!;
    private StateMachineDefinition definition = null!;
    private string input = null!;
    private int counter;

    [Params(10_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        definition = StateMachineDefinition.Parse("""
            {"StartAt":"Map","States":{"Map":{"Type":"Map","ItemsPath":"$.items",
              "ItemSelector":{"id.$":"$$.Map.Item.Value.id","dataset.$":"$.dataset"},
              "ItemProcessor":{"StartAt":"Process","States":{"Process":{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.result","End":true}}},
              "ResultPath":"$.results","End":true}}}
            """);
        var items = new JsonArray();
        for (var i = 0; i < Items; i++)
        {
            items.Add(new JsonObject { ["id"] = i, ["key"] = $"incoming/part-{i:D5}.csv" });
        }

        input = new JsonObject { ["dataset"] = "digits", ["items"] = items }.ToJsonString();
        interpreter = new StateMachineInterpreter(new NoTasks(), TimeProvider.System);
    }

    [Benchmark]
    public async Task<ExecutionStatus> RunMap()
    {
        var name = $"map-{counter++}";
        var result = await interpreter.ExecuteAsync(new ExecutionRequest(
            definition,
            "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
            "arn:aws:states:us-east-1:123456789012:execution:bench:" + name,
            name,
            input)).ConfigureAwait(false);
        return result.Status;
    }
}
