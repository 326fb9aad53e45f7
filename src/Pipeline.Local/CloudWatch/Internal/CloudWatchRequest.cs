using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.CloudWatch.Internal;

/// <summary>
/// Reads members of a CloudWatch JSON request: a member of the wrong type or out of range fails with
/// <c>InvalidParameterValue</c>, a missing one with <c>MissingParameter</c>, the error codes CloudWatch returns.
/// </summary>
internal static class CloudWatchRequest
{
    public static string? OptionalText(JsonObject request, string member, string? path = null) => request[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Invalid($"The parameter {path ?? member} must be a string."),
    };

    public static string RequiredText(JsonObject request, string member, string? path = null) =>
        OptionalText(request, member, path) is { Length: > 0 } text ? text : throw Missing(path ?? member);

    public static double RequiredNumber(JsonObject request, string member)
    {
        var node = request[member] ?? throw Missing(member);
        return node.GetValueKind() == JsonValueKind.Number
            && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
                ? value
                : throw Invalid($"The {member} {node.ToJsonString()} is invalid. Set it to a finite number.");
    }

    public static int RequiredInteger(JsonObject request, string member, int minimum)
    {
        var node = request[member] ?? throw Missing(member);
        return node.GetValueKind() == JsonValueKind.Number
            && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= minimum
                ? value
                : throw Invalid($"The {member} {node.ToJsonString()} is invalid. Set it to a whole number of at least {minimum}.");
    }

    public static bool? OptionalBoolean(JsonObject request, string member) => request[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw Invalid($"The parameter {member} must be true or false."),
    };

    public static string OneOf(JsonObject request, string member, string[] allowed, string? fallback)
    {
        var value = OptionalText(request, member) ?? fallback ?? throw Missing(member);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid($"The {member} '{value}' is invalid or not supported locally. Use one of {string.Join(", ", allowed)}.");
    }

    public static AwsServiceException Missing(string member) => new("MissingParameter", $"The parameter {member} is required.");

    public static AwsServiceException Invalid(string message) => new("InvalidParameterValue", message);

    /// <summary>Reads a JSON-protocol timestamp: epoch seconds, or an ISO 8601 string.</summary>
    public static DateTimeOffset? OptionalTimestamp(JsonNode? node, string member) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(seconds) < 1e11 => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        _ => throw Invalid($"The parameter {member} is not a timestamp."),
    };
}
