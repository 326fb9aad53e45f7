using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions.DataArrived;
using Pipeline.Functions.Tests.Fakes;

namespace Pipeline.Functions.Tests.DataArrived;

/// <summary>DataArrived over fakes, with a bucket holding a valid configuration for the dataset <c>breast-cancer</c>.</summary>
internal sealed class DataArrivedFixture
{
    public const string Bucket = "pipeline-data";
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:retrain";

    public const string MinimalConfiguration = """{ "preprocessing": { "target": "diagnosis" } }""";

    public DataArrivedFixture(DataArrivedOptions? options = null)
    {
        Options = options ?? new DataArrivedOptions { StateMachineArn = StateMachineArn };
        Storage.Put(Bucket, Options.ConfigPrefix + "breast-cancer.json", MinimalConfiguration);
        Function = new Function(Options, Storage, StepFunctions, Clock);
    }

    public DataArrivedOptions Options { get; }

    public FakeObjectStorage Storage { get; } = new();

    public FakeStepFunctions StepFunctions { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 4, 20, 15, 31, TimeSpan.Zero));

    public Function Function { get; }

    /// <summary>Invokes the handler through its Lambda signature and parses the summary.</summary>
    public async Task<JsonObject> InvokeAsync(JsonObject notification)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(notification.ToJsonString()));
        using var output = await Function.HandleAsync(input);
        return JsonNode.Parse(output)!.AsObject();
    }

    public static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(item => (string)item!)];

    public static string SkipReason(JsonObject summary) => (string)Assert.Single(summary["skipped"]!.AsArray())!["reason"]!;
}
