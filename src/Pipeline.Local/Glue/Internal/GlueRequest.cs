using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.Glue.Internal;

/// <summary>Reads Glue request members; invalid input fails with Glue's <c>InvalidInputException</c>.</summary>
internal static class GlueRequest
{
    public static string RequiredString(JsonObject request, string name) =>
        OptionalString(request, name) ?? throw Invalid($"{name} is required.");

    public static string? OptionalString(JsonObject request, string name)
    {
        if (request[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>().Length == 0)
        {
            throw Invalid($"{name} must be a non-empty string, got {node.ToJsonString()}.");
        }

        return node.GetValue<string>();
    }

    public static int? OptionalInt(JsonObject request, string name, int minimum, int maximum)
    {
        if (request[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value) || value < minimum || value > maximum)
        {
            throw Invalid($"{name} must be a whole number from {minimum} to {maximum}, got {node.ToJsonString()}.");
        }

        return value;
    }

    public static IEnumerable<KeyValuePair<string, string>> OptionalStringMap(JsonObject request, string name)
    {
        if (request[name] is null)
        {
            return [];
        }

        if (request[name] is not JsonObject map)
        {
            throw Invalid($"{name} must be a map of strings, got {request[name]!.ToJsonString()}.");
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in map)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid($"{name}.{key} must be a string, got {value?.ToJsonString() ?? "null"}. Pass numbers and JSON documents as strings.");
            }

            result.Add(KeyValuePair.Create(key, value.GetValue<string>()));
        }

        return result;
    }

    /// <summary>A timestamp as the Glue JSON protocol sends it: epoch seconds with milliseconds.</summary>
    public static decimal Timestamp(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;

    public static AwsServiceException Invalid(string message) => new("InvalidInputException", message);
}
