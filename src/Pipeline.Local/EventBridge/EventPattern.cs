using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Local.EventBridge;

/// <summary>
/// An EventBridge event pattern: each member names an event field and contains either a nested pattern or a
/// non-empty array of values and matchers, any of which may match. Supported matchers: literal strings,
/// numbers, booleans and null, <c>prefix</c>, <c>suffix</c>, <c>anything-but</c>, <c>numeric</c>,
/// <c>exists</c>, <c>equals-ignore-case</c> and <c>wildcard</c>.
/// </summary>
/// <remarks>
/// When the event field contains an array, the pattern matches when any element matches, as EventBridge does.
/// A field missing from the event matches only <c>{"exists": false}</c>.
/// </remarks>
public sealed class EventPattern
{
    private static readonly string[] SupportedMatchers = ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard"];

    private readonly JsonObject _pattern;

    private EventPattern(JsonObject pattern)
    {
        _pattern = pattern;
    }

    /// <summary>The pattern as JSON.</summary>
    public JsonObject Json => (JsonObject)_pattern.DeepClone();

    /// <summary>Checks a pattern; an empty array or an unknown matcher raises <see cref="FormatException"/> naming the field.</summary>
    public static EventPattern Parse(JsonObject pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Count == 0)
        {
            throw new FormatException("The event pattern is empty. Name at least one field, for example {\"source\": [\"aws.cloudwatch\"]}.");
        }

        Check(pattern, string.Empty);
        return new EventPattern((JsonObject)pattern.DeepClone());
    }

    /// <summary>Returns whether <paramref name="eventJson"/> matches the pattern.</summary>
    public bool Matches(JsonObject eventJson)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        return MatchesObject(_pattern, eventJson);
    }

    public override string ToString() => _pattern.ToJsonString();

    private static void Check(JsonObject pattern, string path)
    {
        foreach (var (name, value) in pattern)
        {
            var field = path.Length == 0 ? name : path + "." + name;
            switch (value)
            {
                case JsonObject nested:
                    Check(nested, field);
                    break;
                case JsonArray { Count: > 0 } values:
                    foreach (var matcher in values.OfType<JsonObject>())
                    {
                        CheckMatcher(matcher, field);
                    }

                    break;
                default:
                    throw new FormatException($"The event pattern field '{field}' must hold a non-empty array of values or a nested pattern, for example \"{name}\": [\"value\"].");
            }
        }
    }

    private static void CheckMatcher(JsonObject matcher, string field)
    {
        if (matcher.Count != 1 || !SupportedMatchers.Contains(matcher.First().Key, StringComparer.Ordinal))
        {
            throw new FormatException(
                $"The event pattern field '{field}' uses the matcher {matcher.ToJsonString()}, which the local runtime does not support. Use one of: {string.Join(", ", SupportedMatchers)}.");
        }

        var (kind, argument) = matcher.First();
        if (kind == "numeric")
        {
            _ = NumericConditions(argument, field);
        }
        else if (kind == "wildcard" && argument is not JsonValue)
        {
            throw new FormatException($"The event pattern field '{field}' has a wildcard matcher without a string, for example {{\"wildcard\": \"*.csv\"}}.");
        }
    }

    private static bool MatchesObject(JsonObject pattern, JsonObject eventJson)
    {
        foreach (var (name, expected) in pattern)
        {
            var present = eventJson.TryGetPropertyValue(name, out var actual);
            var matches = expected switch
            {
                JsonObject nested => present && actual is JsonObject inner && MatchesObject(nested, inner),
                JsonArray values => MatchesValues(values, present, actual),
                _ => false,
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesValues(JsonArray values, bool present, JsonNode? actual)
    {
        foreach (var value in values)
        {
            if (value is JsonObject matcher && matcher.First().Key == "exists")
            {
                if ((matcher.First().Value?.GetValue<bool>() ?? false) == (present && actual is not null))
                {
                    return true;
                }

                continue;
            }

            if (!present)
            {
                continue;
            }

            var candidates = actual is JsonArray array ? array.ToList() : [actual];
            if (candidates.Any(candidate => MatchesOne(value, candidate)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesOne(JsonNode? expected, JsonNode? actual)
    {
        if (expected is not JsonObject matcher)
        {
            return JsonNode.DeepEquals(expected, actual);
        }

        var (kind, argument) = matcher.First();
        var text = actual is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return kind switch
        {
            "prefix" => text is not null && text.StartsWith(StringOf(argument), StringComparison.Ordinal),
            "suffix" => text is not null && text.EndsWith(StringOf(argument), StringComparison.Ordinal),
            "equals-ignore-case" => text is not null && text.Equals(StringOf(argument), StringComparison.OrdinalIgnoreCase),
            "wildcard" => text is not null && WildcardRegex(StringOf(argument)).IsMatch(text),
            "numeric" => NumberOf(actual) is { } number && NumericConditions(argument, string.Empty).All(condition => condition(number)),
            "anything-but" => !AnythingButExcludes(argument, actual, text),
            _ => false,
        };
    }

    private static bool AnythingButExcludes(JsonNode? argument, JsonNode? actual, string? text) => argument switch
    {
        JsonArray excluded => excluded.Any(item => JsonNode.DeepEquals(item, actual)),
        JsonObject { Count: 1 } inner when inner.First().Key == "prefix" => text is not null && text.StartsWith(StringOf(inner.First().Value), StringComparison.Ordinal),
        JsonObject { Count: 1 } inner when inner.First().Key == "suffix" => text is not null && text.EndsWith(StringOf(inner.First().Value), StringComparison.Ordinal),
        _ => JsonNode.DeepEquals(argument, actual),
    };

    private static List<Func<double, bool>> NumericConditions(JsonNode? argument, string field)
    {
        if (argument is not JsonArray { Count: 2 or 4 } items)
        {
            throw new FormatException($"The event pattern field '{field}' has a numeric matcher that is not [operator, number] or [operator, number, operator, number], for example {{\"numeric\": [\">\", 0, \"<=\", 5]}}.");
        }

        var conditions = new List<Func<double, bool>>();
        for (var i = 0; i < items.Count; i += 2)
        {
            var op = items[i] is JsonValue opValue && opValue.GetValueKind() == JsonValueKind.String ? opValue.GetValue<string>() : null;
            var bound = NumberOf(items[i + 1])
                ?? throw new FormatException($"The event pattern field '{field}' compares with {items[i + 1]?.ToJsonString() ?? "null"}, which is not a number.");
            conditions.Add(op switch
            {
                "=" => number => number == bound,
                ">" => number => number > bound,
                ">=" => number => number >= bound,
                "<" => number => number < bound,
                "<=" => number => number <= bound,
                _ => throw new FormatException($"The event pattern field '{field}' has the numeric operator '{op}'. Use =, >, >=, < or <=."),
            });
        }

        return conditions;
    }

    private static double? NumberOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    private static string StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString() ?? string.Empty;

    private static Regex WildcardRegex(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
