using System.Text.Json.Nodes;

namespace Pipeline.Functions.DataArrived;

/// <summary>A record DataArrived did not act on, and why.</summary>
public sealed record SkippedObject(string Key, string Reason);

/// <summary>What one DataArrived invocation did: executions started, repeated deliveries, skipped records.</summary>
public sealed record DataArrivedResult(IReadOnlyList<string> Started, IReadOnlyList<string> Duplicates, IReadOnlyList<SkippedObject> Skipped)
{
    /// <summary>Returns <c>{"started":[...],"duplicates":[...],"skipped":[{"key":...,"reason":...}]}</c>.</summary>
    public JsonObject ToJson()
    {
        var skipped = new JsonArray();
        foreach (var item in Skipped)
        {
            skipped.Add(new JsonObject { ["key"] = item.Key, ["reason"] = item.Reason });
        }

        return new JsonObject
        {
            ["started"] = new JsonArray([.. Started.Select(arn => (JsonNode?)arn)]),
            ["duplicates"] = new JsonArray([.. Duplicates.Select(arn => (JsonNode?)arn)]),
            ["skipped"] = skipped,
        };
    }
}
