using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.StateMachines;

/// <summary>
/// One event of an execution history, in the shape GetExecutionHistory returns. Payloads (inputs and
/// outputs) are serialized on first use, so recording an event costs no serialization.
/// </summary>
public sealed class HistoryEvent
{
    private readonly Func<JsonObject>? buildDetails;
    private JsonObject? details;

    internal HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, Func<JsonObject>? buildDetails)
    {
        Id = id;
        PreviousEventId = previousEventId;
        Timestamp = timestamp;
        Type = type;
        this.buildDetails = buildDetails;
    }

    private HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, JsonObject? details)
    {
        Id = id;
        PreviousEventId = previousEventId;
        Timestamp = timestamp;
        Type = type;
        this.details = details;
    }

    /// <summary>The event id, starting at 1 for ExecutionStarted.</summary>
    public long Id { get; }

    /// <summary>The id of the event that led to this one; 0 for the first event.</summary>
    public long PreviousEventId { get; }

    /// <summary>When the event happened, as read from the interpreter's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event type, such as <c>TaskStateEntered</c>.</summary>
    public string Type { get; }

    /// <summary>The name of the details member for this event type, such as <c>stateEnteredEventDetails</c>; null when the type has none.</summary>
    public string? DetailsName => HistoryEventTypes.DetailsName(Type);

    /// <summary>Returns a copy of the event's details object, or null when the event type carries none.</summary>
    public JsonObject? GetDetails() => (JsonObject?)Details?.DeepClone();

    internal JsonObject? Details
    {
        get
        {
            if (details is null && buildDetails is not null)
            {
                Interlocked.CompareExchange(ref details, buildDetails(), null);
            }

            return details;
        }
    }

    /// <summary>
    /// Returns the event as GetExecutionHistory returns it:
    /// <c>{"timestamp":1733300000.123,"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{...}}</c>.
    /// The timestamp is in epoch seconds, as the AWS JSON protocol encodes it.
    /// </summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["timestamp"] = JsonValue.Create(Math.Round(Timestamp.ToUnixTimeMilliseconds() / 1000m, 3)),
            ["type"] = Type,
            ["id"] = Id,
            ["previousEventId"] = PreviousEventId,
        };
        var name = DetailsName;
        var value = Details;
        if (name is not null && value is not null)
        {
            json[name] = value.DeepClone();
        }

        return json;
    }

    /// <summary>
    /// Reads an event written by <see cref="ToJson"/> or returned by GetExecutionHistory. The timestamp may be
    /// epoch seconds or an ISO 8601 string.
    /// </summary>
    public static HistoryEvent FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = json["type"]?.GetValue<string>()
            ?? throw new ArgumentException("The history event has no 'type' member. Pass an object with type, id, previousEventId and timestamp.", nameof(json));
        var id = ReadLong(json, "id");
        var previous = json["previousEventId"] is null ? 0 : ReadLong(json, "previousEventId");
        var timestamp = ReadTimestamp(json["timestamp"]);
        var detailsName = HistoryEventTypes.DetailsName(type);
        JsonObject? details = null;
        if (detailsName is not null && json[detailsName] is JsonObject found)
        {
            details = (JsonObject)found.DeepClone();
        }

        return new HistoryEvent(id, previous, timestamp, type, details);
    }

    /// <inheritdoc />
    public override string ToString() => ToJson().ToJsonString();

    private static long ReadLong(JsonObject json, string name)
    {
        var node = json[name] ?? throw new ArgumentException($"The history event has no '{name}' member.", nameof(json));
        return node.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
            : Internal.Json.JsonText.TryGetInteger(node, out var value) ? value : throw new ArgumentException($"The history event member '{name}' must be an integer.", nameof(json));
    }

    private static DateTimeOffset ReadTimestamp(JsonNode? node)
    {
        if (node is null)
        {
            throw new ArgumentException("The history event has no 'timestamp' member.", nameof(node));
        }

        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            return DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (!Internal.Json.JsonText.TryGetNumber(node, out var seconds))
        {
            throw new ArgumentException("The history event member 'timestamp' must be epoch seconds or an ISO 8601 string.", nameof(node));
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }
}
