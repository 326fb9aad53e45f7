using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Pipeline.StateMachines;

namespace Pipeline.Benchmarks.StateMachines;

/// <summary>
/// A chain of JSONata Pass states, each evaluating one expression in the pooled Jint engines; for comparison
/// with <see cref="PassChainBenchmarks"/>, which never touches Jint.
/// </summary>
[MemoryDiagnoser]
public class JsonataPassBenchmarks
{
    private StateMachineInterpreter interpreter = null!;
    private StateMachineDefinition definition = null!;
    private string input = null!;
    private int counter;

    [Params(100)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var states = new JsonObject();
        for (var i = 0; i < Length; i++)
        {
            var state = new JsonObject { ["Type"] = "Pass", ["Output"] = "{% $merge([$states.input, {'step': " + i + "}]) %}" };
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

        definition = StateMachineDefinition.Parse(new JsonObject { ["QueryLanguage"] = "JSONata", ["StartAt"] = "S0", ["States"] = states }.ToJsonString());
        input = BenchmarkPayloads.OneKibibyte();
        interpreter = new StateMachineInterpreter(new NoTasks(), TimeProvider.System);
    }

    [Benchmark]
    public async Task<ExecutionStatus> RunJsonataChain()
    {
        var name = $"jsonata-{counter++}";
        var result = await interpreter.ExecuteAsync(new ExecutionRequest(
            definition,
            "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
            "arn:aws:states:us-east-1:123456789012:execution:bench:" + name,
            name,
            input)).ConfigureAwait(false);
        return result.Status;
    }
}
