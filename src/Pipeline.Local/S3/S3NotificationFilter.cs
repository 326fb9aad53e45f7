using System.Text.Json.Nodes;

namespace Pipeline.Local.S3;

/// <summary>
/// Which S3 events reach one notification target: event type patterns such as
/// <c>s3:ObjectCreated:*</c> and an optional key prefix and suffix, as in an S3
/// NotificationConfiguration or the <c>Events</c> and <c>Filter.S3Key.Rules</c> of a SAM <c>S3</c> event.
/// </summary>
/// <remarks>
/// Prefix and suffix are compared with the raw object key (not its URL-encoded event form),
/// ordinally and case-sensitively, as S3 does. A key must match both when both are set.
/// </remarks>
public sealed class S3NotificationFilter
{
    private readonly string[] _events;

    /// <summary>Creates a filter; every problem in the arguments is reported in one <see cref="ArgumentException"/>.</summary>
    /// <param name="events">Event types, each <c>s3:Category:Action</c> or <c>s3:Category:*</c>.</param>
    public S3NotificationFilter(IEnumerable<string> events, string? prefix = null, string? suffix = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events.ToArray();
        var problems = new List<string>();
        if (_events.Length == 0)
        {
            problems.Add("at least one event type is required, for example 's3:ObjectCreated:*'");
        }

        foreach (var pattern in _events)
        {
            if (!S3EventTypes.IsValidPattern(pattern))
            {
                problems.Add($"the event type '{pattern}' is not an S3 event type; use one of {string.Join(", ", S3EventTypes.Patterns)}");
            }
        }

        CheckRuleValue("prefix", prefix, problems);
        CheckRuleValue("suffix", suffix, problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The S3 notification filter is invalid: " + string.Join("; ", problems) + ".");
        }

        Prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
        Suffix = string.IsNullOrEmpty(suffix) ? null : suffix;
    }

    /// <summary>The event type patterns, as given.</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>The key prefix rule, or null when any prefix matches.</summary>
    public string? Prefix { get; }

    /// <summary>The key suffix rule, or null when any suffix matches.</summary>
    public string? Suffix { get; }

    /// <summary>
    /// Creates a filter from S3 filter rules (<c>Name</c> is <c>prefix</c> or <c>suffix</c>,
    /// case-insensitive); a rule name may appear at most once, as S3 requires.
    /// </summary>
    public static S3NotificationFilter FromRules(IEnumerable<string> events, IEnumerable<(string Name, string Value)> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        string? prefix = null;
        string? suffix = null;
        foreach (var (name, value) in rules)
        {
            if (string.Equals(name, "prefix", StringComparison.OrdinalIgnoreCase))
            {
                prefix = prefix is null ? value : throw DuplicateRule(name);
            }
            else if (string.Equals(name, "suffix", StringComparison.OrdinalIgnoreCase))
            {
                suffix = suffix is null ? value : throw DuplicateRule(name);
            }
            else
            {
                throw new ArgumentException($"The S3 filter rule name '{name}' is invalid: use 'prefix' or 'suffix'.", nameof(rules));
            }
        }

        return new S3NotificationFilter(events, prefix, suffix);
    }

    /// <summary>
    /// Creates a filter from the <c>Properties</c> of a SAM event of type <c>S3</c>:
    /// <c>Events</c> (a string or a list) and optional <c>Filter.S3Key.Rules</c>.
    /// </summary>
    public static S3NotificationFilter FromSamEventProperties(JsonObject properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        const string EventsProperty = "Events";
        var events = properties[EventsProperty] switch
        {
            JsonArray array => array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : item?.ToJsonString() ?? "null").ToList(),
            JsonValue value when value.TryGetValue<string>(out var single) => [single],
            _ => throw new ArgumentException("The S3 event has no 'Events' property: add one, for example 'Events: s3:ObjectCreated:*'.", nameof(properties)),
        };

        var rules = new List<(string, string)>();
        if (properties["Filter"]?["S3Key"]?["Rules"] is JsonArray ruleArray)
        {
            foreach (var rule in ruleArray)
            {
                var name = rule?["Name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var nameText) ? nameText : null;
                var value = rule?["Value"] is JsonValue valueValue && valueValue.TryGetValue<string>(out var valueText) ? valueText : null;
                if (name is null || value is null)
                {
                    throw new ArgumentException($"The S3 filter rule '{rule?.ToJsonString()}' needs both 'Name' and 'Value' as strings.", nameof(properties));
                }

                rules.Add((name, value));
            }
        }

        return FromRules(events, rules);
    }

    /// <summary>Returns true when an event of <paramref name="eventName"/> for the raw key <paramref name="key"/> passes the filter.</summary>
    public bool Matches(string eventName, string key) => MatchesEvent(eventName) && MatchesKey(key);

    /// <summary>Returns true when an event name (with or without <c>s3:</c>) matches one of the event type patterns.</summary>
    public bool MatchesEvent(string eventName)
    {
        var name = S3EventNotification.NormalizeEventName(eventName);
        return _events.Any(pattern => S3EventTypes.PatternMatches(pattern, name));
    }

    /// <summary>Returns true when the raw (decoded) object key has the prefix and the suffix.</summary>
    public bool MatchesKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (Prefix is null || key.StartsWith(Prefix, StringComparison.Ordinal))
            && (Suffix is null || key.EndsWith(Suffix, StringComparison.Ordinal));
    }

    private static void CheckRuleValue(string name, string? value, List<string> problems)
    {
        if (value is not null && value.Length > 1024)
        {
            problems.Add($"the {name} rule is {value.Length} characters long, but S3 allows at most 1024");
        }
    }

    private static ArgumentException DuplicateRule(string name) =>
        new($"The S3 filter has more than one '{name}' rule; S3 allows one prefix rule and one suffix rule.");
}
