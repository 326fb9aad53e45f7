using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.ScheduledRetrain;

/// <summary>
/// One invocation of a schedule, read from an EventBridge <c>Scheduled Event</c>:
/// <c>{"id", "detail-type": "Scheduled Event", "source": "aws.events", "time", "resources": [rule ARN], ...}</c>.
/// </summary>
/// <param name="Time">The scheduled time (the event's <c>time</c>), the same in every delivery of the event.</param>
/// <param name="RuleArn">The rule or schedule that fired (the first of <c>resources</c>), or null when the event names none.</param>
/// <param name="EventId">The event's <c>id</c>, or null.</param>
public sealed record ScheduledInvocation(DateTimeOffset Time, string? RuleArn, string? EventId)
{
    /// <summary>The identity of this invocation in execution names: the rule ARN and the scheduled time to the second.</summary>
    public string ScheduleId => $"{RuleArn ?? "schedule"}@{FormattedTime}";

    /// <summary>The scheduled time in UTC as EventBridge writes it, for example <c>2026-05-03T06:00:00Z</c>.</summary>
    public string FormattedTime => Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads the event; a missing or invalid <c>time</c> raises <see cref="ArgumentException"/> naming the value and the fix.</summary>
    public static ScheduledInvocation Parse(JsonNode? node)
    {
        if (node is not JsonObject scheduledEvent)
        {
            throw new ArgumentException(
                $"The ScheduledRetrain input must be an EventBridge Scheduled Event object, not {node?.GetValueKind().ToString() ?? "null"}.",
                nameof(node));
        }

        if (scheduledEvent["time"] is not JsonValue timeNode || timeNode.GetValueKind() != JsonValueKind.String)
        {
            throw new ArgumentException(
                "The ScheduledRetrain input has no 'time' string. Invoke it from an EventBridge schedule rule; with EventBridge Scheduler (ScheduleV2) "
                + "set the target's Input to {\"time\": \"<aws.scheduler.scheduled-time>\", \"resources\": [\"<aws.scheduler.schedule-arn>\"]}.",
                nameof(node));
        }

        var text = timeNode.GetValue<string>();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new ArgumentException($"The ScheduledRetrain input's time '{text}' is not an ISO 8601 timestamp such as 2026-05-03T06:00:00Z.", nameof(node));
        }

        var rule = scheduledEvent["resources"] is JsonArray { Count: > 0 } resources && resources[0] is JsonValue first
            && first.GetValueKind() == JsonValueKind.String ? first.GetValue<string>() : null;
        var id = scheduledEvent["id"] is JsonValue idNode && idNode.GetValueKind() == JsonValueKind.String ? idNode.GetValue<string>() : null;
        return new ScheduledInvocation(time, string.IsNullOrEmpty(rule) ? null : rule, id);
    }
}
