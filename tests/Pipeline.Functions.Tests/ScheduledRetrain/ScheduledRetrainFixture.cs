using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions.ScheduledRetrain;
using Pipeline.Functions.Tests.Fakes;

namespace Pipeline.Functions.Tests.ScheduledRetrain;

/// <summary>ScheduledRetrain over fakes, with a bucket that contains a valid configuration for <c>breast-cancer</c> and <c>iris</c>.</summary>
internal sealed class ScheduledRetrainFixture
{
    public const string Bucket = "pipeline-data";
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:retrain";
    public const string RuleArn = "arn:aws:events:us-east-1:123456789012:rule/ml-pipeline-RetrainSchedule";
    public const string Configuration = """{ "preprocessing": { "target": "diagnosis" } }""";
    public const string Csv = "diagnosis,radius\n1,17.99\n0,13.54\n";

    public ScheduledRetrainFixture(ScheduledRetrainOptions? options = null)
    {
        Options = options ?? new ScheduledRetrainOptions { StateMachineArn = StateMachineArn, DataBucket = Bucket };
        Storage.Put(Bucket, "config/breast-cancer.json", Configuration);
        Storage.Put(Bucket, "config/iris.json", """{ "preprocessing": { "target": "species" } }""");
        Function = new Function(Options, Storage, StepFunctions, Clock);
    }

    public ScheduledRetrainOptions Options { get; }

    public FakeObjectStorage Storage { get; } = new();

    public FakeStepFunctions StepFunctions { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 6, 0, 2, TimeSpan.Zero));

    public Function Function { get; }

    /// <summary>Returns an EventBridge Scheduled Event in the documented shape.</summary>
    public static JsonObject ScheduledEvent(string time = "2026-12-06T06:00:00Z", string id = "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa") => new()
    {
        ["version"] = "0",
        ["id"] = id,
        ["detail-type"] = "Scheduled Event",
        ["source"] = "aws.events",
        ["account"] = "123456789012",
        ["time"] = time,
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(RuleArn),
        ["detail"] = new JsonObject(),
    };

    /// <summary>Invokes the handler through its Lambda signature and parses the summary.</summary>
    public async Task<JsonObject> InvokeAsync(JsonObject scheduledEvent)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(scheduledEvent.ToJsonString()));
        using var output = await Function.HandleAsync(input);
        return JsonNode.Parse(output)!.AsObject();
    }

    public JsonObject InputOf(int startRequest) => JsonNode.Parse(StepFunctions.StartRequests[startRequest].Input!)!.AsObject();
}
