using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Template;

namespace Pipeline.Local.EventBridge;

/// <summary>One rule that an event matched, and what delivering the event to the rule's target did.</summary>
public sealed record RuleDelivery(EventRuleResource Rule, TargetDelivery Delivery);

/// <summary>
/// The local default event bus: an event published here goes to the target of every enabled rule of the
/// template whose event pattern matches it, with the rule's Input or InputPath applied. The local CloudWatch
/// alarms publish their state changes here, as CloudWatch sends them to EventBridge.
/// </summary>
public sealed class LocalEventBus
{
    /// <summary>The name of the bus that AWS services send their events to.</summary>
    public const string DefaultBusName = "default";

    private readonly IReadOnlyList<EventRuleResource> _rules;
    private readonly EventTargetInvoker _invoker;
    private readonly ILogger _logger;

    public LocalEventBus(IEnumerable<EventRuleResource> rules, EventTargetInvoker invoker, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _rules = rules.ToList();
        _invoker = invoker;
        _logger = loggerFactory.CreateLogger<LocalEventBus>();
    }

    /// <summary>The rules of the template, enabled or not.</summary>
    public IReadOnlyList<EventRuleResource> Rules => _rules;

    /// <summary>Delivers an event to every matching rule's target and returns the deliveries once they end.</summary>
    public async Task<IReadOnlyList<RuleDelivery>> PublishAsync(JsonObject eventJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        var detailType = Text(eventJson["detail-type"]);
        var source = Text(eventJson["source"]);
        var id = Text(eventJson["id"]);
        var matched = _rules.Where(rule => rule.Enabled && rule.EventBusName == DefaultBusName && rule.Pattern.Matches(eventJson)).ToList();
        if (matched.Count == 0)
        {
            Log.EventUnmatched(_logger, detailType, source, id);
            return [];
        }

        var deliveries = matched.Select(async rule =>
        {
            Log.RuleMatched(_logger, detailType, source, id, rule.Name, rule.Target.Kind.ToString(), rule.Target.LogicalId);
            var delivery = await _invoker.DeliverAsync(rule.Target, Payload(rule, eventJson), $"rule {rule.Name}", cancellationToken).ConfigureAwait(false);
            return new RuleDelivery(rule, delivery);
        });
        return await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    /// <summary>Returns the text sent to a rule's target: its Input, the part of the event its InputPath selects, or the event.</summary>
    internal static string Payload(EventRuleResource rule, JsonObject eventJson)
    {
        if (rule.Input is not null)
        {
            return rule.Input;
        }

        if (rule.InputPath is null or "$")
        {
            return eventJson.ToJsonString();
        }

        JsonNode? selected = eventJson;
        foreach (var member in rule.InputPath[2..].Split('.'))
        {
            selected = selected is JsonObject current ? current[member] : null;
        }

        return selected?.ToJsonString() ?? "null";
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "(none)";
}
