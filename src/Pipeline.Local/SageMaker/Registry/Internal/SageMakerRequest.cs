using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker;

/// <summary>
/// Reads members of a SageMaker JSON request and raises <c>ValidationException</c> with the message
/// format SageMaker uses (<c>1 validation error detected: Value 'x' at 'memberName' failed to satisfy constraint: ...</c>).
/// </summary>
internal static partial class SageMakerRequest
{
    /// <summary>The name pattern of SageMaker models, endpoints, endpoint configurations and model package groups.</summary>
    public const string NamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$";

    public static string RequiredString(JsonObject request, string member)
    {
        var value = OptionalString(request, member);
        if (string.IsNullOrEmpty(value))
        {
            throw ValidationError(null, member, "Member must not be null");
        }

        return value;
    }

    public static string? OptionalString(JsonObject request, string member)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request[member];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        throw ValidationError(node.ToJsonString(), member, "Member must be a string");
    }

    public static string RequiredName(JsonObject request, string member)
    {
        var name = RequiredString(request, member);
        CheckName(name, member);
        return name;
    }

    public static void CheckName(string name, string member)
    {
        if (!NameRegex().IsMatch(name))
        {
            throw ValidationError(name, member, $"Member must satisfy regular expression pattern: {NamePattern}");
        }
    }

    public static int? OptionalInt(JsonObject request, string member, int minimum, int maximum)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request[member];
        if (node is null)
        {
            return null;
        }

        int number;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var direct))
        {
            number = direct;
        }
        else if (node is JsonValue text && text.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            throw ValidationError(node.ToJsonString(), member, "Member must be an integer");
        }

        if (number < minimum)
        {
            throw ValidationError(number.ToString(CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {minimum}");
        }

        if (number > maximum)
        {
            throw ValidationError(number.ToString(CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {maximum}");
        }

        return number;
    }

    public static double? OptionalDouble(JsonObject request, string member, double minimum)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request[member];
        if (node is null)
        {
            return null;
        }

        double number;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            number = value.GetValue<double>();
        }
        else if (node is JsonValue text && text.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            throw ValidationError(node.ToJsonString(), member, "Member must be a number");
        }

        if (double.IsNaN(number) || number < minimum)
        {
            throw ValidationError(number.ToString(CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {minimum.ToString(CultureInfo.InvariantCulture)}");
        }

        return number;
    }

    public static string? OptionalEnum(JsonObject request, string member, params string[] allowed)
    {
        var value = OptionalString(request, member);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw ValidationError(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return value;
    }

    /// <summary>Reads a string-to-string map, as <c>CustomerMetadataProperties</c> and <c>Environment</c> are.</summary>
    public static Dictionary<string, string>? OptionalStringMap(JsonObject request, string member, int maxEntries, int maxKeyLength, int maxValueLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request[member];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject map)
        {
            throw ValidationError(node.ToJsonString(), member, "Member must be a map of strings");
        }

        if (map.Count > maxEntries)
        {
            throw ValidationError(null, member, $"Member must have length less than or equal to {maxEntries}");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            if (key.Length == 0 || key.Length > maxKeyLength)
            {
                throw ValidationError(key, member, $"Map keys must have length between 1 and {maxKeyLength}");
            }

            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw ValidationError(item?.ToJsonString() ?? "null", $"{member}.{key}", "Map values must be strings; write numbers as strings, for example \"0.97\"");
            }

            if (text.Length > maxValueLength)
            {
                throw ValidationError(text, $"{member}.{key}", $"Member must have length less than or equal to {maxValueLength}");
            }

            result[key] = text;
        }

        return result;
    }

    /// <summary>Creates the <c>ValidationException</c> SageMaker returns for one invalid member.</summary>
    public static AwsServiceException ValidationError(string? value, string member, string constraint)
    {
        var memberPath = char.ToLowerInvariant(member[0]) + member[1..];
        var shown = value is null ? "null" : $"'{value}'";
        return AwsServiceException.Validation(
            $"1 validation error detected: Value {shown} at '{memberPath}' failed to satisfy constraint: {constraint}");
    }

    public static decimal ToEpochSeconds(DateTimeOffset time) =>
        (time.ToUniversalTime() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond / 1000m;

    public static DateTimeOffset? OptionalTime(JsonObject request, string member)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request[member];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(value.GetValue<double>() * TimeSpan.TicksPerSecond));
        }

        if (node is JsonValue text && text.TryGetValue<string>(out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw ValidationError(node.ToJsonString(), member, "Member must be a timestamp in epoch seconds or ISO-8601");
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();
}
