using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.RunawayJobs;

/// <summary>
/// The members RunawayJobs reads from a <c>CloudWatch Alarm State Change</c> event:
/// <c>detail.alarmName</c>, <c>detail.state.value</c>, <c>detail.state.reason</c> and the alarm ARN in <c>resources</c>.
/// </summary>
public sealed record AlarmStateChange(string AlarmName, string State, string? Reason, string? AlarmArn)
{
    /// <summary>The detail type of alarm state change events.</summary>
    public const string DetailType = "CloudWatch Alarm State Change";

    /// <summary>Reads the event; one without <c>detail.alarmName</c> or <c>detail.state.value</c> raises <see cref="ArgumentException"/>.</summary>
    public static AlarmStateChange Parse(JsonObject alarmEvent)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        var name = Text(alarmEvent["detail"]?["alarmName"]);
        var state = Text(alarmEvent["detail"]?["state"]?["value"]);
        if (name is null || state is null)
        {
            throw new ArgumentException(
                "The CloudWatch Alarm State Change event has no detail.alarmName or detail.state.value string. Send the event that CloudWatch publishes to EventBridge.",
                nameof(alarmEvent));
        }

        var arn = alarmEvent["resources"] is JsonArray { Count: > 0 } resources ? Text(resources[0]) : null;
        return new AlarmStateChange(name, state, Text(alarmEvent["detail"]?["state"]?["reason"]), arn);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
