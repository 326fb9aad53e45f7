using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Pipeline.StateMachines;

namespace Pipeline.Benchmarks.StateMachines;

/// <summary>
/// State transitions per second on a chain of Pass states carrying a 1 KiB payload (target: 200,000 per second
/// on one core). Each operation runs one execution of <see cref="Length"/> Pass states; divide by the mean time.
/// </summary>
[MemoryDiagnoser]
public class PassChainBenchmarks
{
    private StateMachineInterpreter interpreter = null!;
    private StateMachineDefinition definition = null!;
    private string input = null!;
    private int counter;

    [Params(1000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var states = new JsonObject();
        for (var i = 0; i < Length; i++)
        {
            var state = new JsonObject { ["Type"] = "Pass" };
            if (i == Length - 1)
            {
                state["End"] = true;
            }
            else
            {
                state["Next"] = $"S{i + 1}";
            }

            states[$"S{i}"] = state;
        }

        definition = StateMachineDefinition.Parse(new JsonObject { ["StartAt"] = "S0", ["States"] = states }.ToJsonString());
        input = BenchmarkPayloads.OneKibibyte();
        interpreter = new StateMachineInterpreter(new NoTasks(), TimeProvider.System);
    }

    [Benchmark]
    public async Task<ExecutionStatus> RunPassChain()
    {
        var name = $"run-{counter++}";
        var result = await interpreter.ExecuteAsync(new ExecutionRequest(
            definition,
            "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
            "arn:aws:states:us-east-1:123456789012:execution:bench:" + name,
            name,
            input)).ConfigureAwait(false);
        return result.Status;
    }
}

/// <summary>Payloads shared by the state machine benchmarks.</summary>
internal static class BenchmarkPayloads
{
    /// <summary>A JSON object of 1,024 bytes (UTF-8) with nested fields, as a pipeline execution input might be.</summary>
    public static string OneKibibyte()
    {
        var payload = new JsonObject
        {
            ["dataset"] = "breast-cancer",
            ["source"] = new JsonObject { ["bucket"] = "b", ["key"] = "incoming/breast-cancer/data.csv", ["size"] = 1234 },
            ["config"] = new JsonObject { ["training"] = new JsonObject { ["instanceType"] = "ml.m5.large", ["instanceCount"] = 1 } },
        };
        var filler = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(payload.ToJsonString()) + filler.Length + 12 < 1024)
        {
            filler.Append('x');
        }

        payload["padding"] = filler.ToString();
        while (Encoding.UTF8.GetByteCount(payload.ToJsonString()) < 1024)
        {
            payload["padding"] = payload["padding"]!.GetValue<string>() + "x";
        }

        return payload.ToJsonString();
    }
}

/// <summary>A task handler for benchmarks whose definitions have no Task states.</summary>
internal sealed class NoTasks : ITaskResourceHandler
{
    public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
        => throw new TaskFailedException("Benchmark.NoTasks", "The benchmark definitions have no Task states.");
}
