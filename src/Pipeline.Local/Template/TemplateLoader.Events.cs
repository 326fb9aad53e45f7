using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.EventBridge;

namespace Pipeline.Local.Template;

/// <summary>The schedules, rules and alarms that <see cref="TemplateLoader"/> collects.</summary>
internal sealed class TemplateTriggers
{
    public List<ScheduleResource> Schedules { get; } = [];

    public List<EventRuleResource> EventRules { get; } = [];

    public List<AlarmResource> Alarms { get; } = [];
}

/// <summary>Loading the event sources that are not S3: SAM Schedule, ScheduleV2, EventBridgeRule and CloudWatchEvent, and AWS::Events::Rule.</summary>
internal sealed partial class TemplateLoader
{
    private static readonly string[] RuleStates = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];

    private void LoadEventSources(string logicalId, EventTargetKind kind, TemplateTriggers triggers)
    {
        if (Properties(logicalId)["Events"] is not JsonObject events)
        {
            return;
        }

        var target = new EventTarget(kind, logicalId, _resolver.Arn(logicalId));
        foreach (var (eventName, eventNode) in events)
        {
            var properties = eventNode?["Properties"] as JsonObject ?? [];
            var location = $"{logicalId}/Properties/Events/{eventName}";

            // SAM names the rule it generates after the resource and the event: <LogicalId><EventName>.
            var generatedName = $"{_environment.StackName}-{logicalId}{eventName}";
            switch (eventNode?["Type"]?.GetValue<string>())
            {
                case "Schedule":
                    triggers.Schedules.Add(LoadScheduleEvent(properties, location, generatedName, target));
                    break;
                case "ScheduleV2":
                    triggers.Schedules.Add(LoadSchedulerEvent(properties, location, generatedName, target));
                    break;
                case "EventBridgeRule" or "CloudWatchEvent":
                    triggers.EventRules.Add(LoadRuleEvent(properties, location, generatedName, target));
                    break;
            }
        }
    }

    private ScheduleResource LoadScheduleEvent(JsonObject properties, string location, string generatedName, EventTarget target)
    {
        var text = _resolver.ResolveString(properties["Schedule"], $"{location}/Schedule")
            ?? throw new TemplateException($"The Schedule event {location} has no Schedule. Set it to a rate() or cron() expression, for example rate(7 days).");
        var name = _resolver.ResolveString(properties["Name"], $"{location}/Name") ?? generatedName;
        return new ScheduleResource(
            name,
            RuleArn(name),
            location,
            ParseExpression(text, null, allowOneTime: false, location),
            ReadEnabled(properties, location, RuleStates),
            ReadInput(properties, location),
            IsScheduler: false,
            target);
    }

    private ScheduleResource LoadSchedulerEvent(JsonObject properties, string location, string generatedName, EventTarget target)
    {
        var text = _resolver.ResolveString(properties["ScheduleExpression"], $"{location}/ScheduleExpression")
            ?? throw new TemplateException($"The ScheduleV2 event {location} has no ScheduleExpression. Set it to a rate(), cron() or at() expression.");
        var name = _resolver.ResolveString(properties["Name"], $"{location}/Name") ?? generatedName;
        var group = _resolver.ResolveString(properties["GroupName"], $"{location}/GroupName") ?? "default";
        var timeZone = _resolver.ResolveString(properties["ScheduleExpressionTimezone"], $"{location}/ScheduleExpressionTimezone");
        return new ScheduleResource(
            name,
            $"arn:{_environment.Partition}:scheduler:{_environment.Region}:{_environment.AccountId}:schedule/{group}/{name}",
            location,
            ParseExpression(text, timeZone, allowOneTime: true, location),
            ReadEnabled(properties, location, ["ENABLED", "DISABLED"]),
            ReadInput(properties, location),
            IsScheduler: true,
            target)
        {
            StartDate = ReadDate(properties, "StartDate", location),
            EndDate = ReadDate(properties, "EndDate", location),
        };
    }

    private EventRuleResource LoadRuleEvent(JsonObject properties, string location, string generatedName, EventTarget target)
    {
        if (properties.ContainsKey("InputTransformer"))
        {
            throw new TemplateException($"The event {location} uses InputTransformer, which the local runtime does not support. Use Input or InputPath, or remove it.");
        }

        var name = _resolver.ResolveString(properties["RuleName"], $"{location}/RuleName") ?? generatedName;
        var pattern = _resolver.Resolve(properties["Pattern"], $"{location}/Pattern") as JsonObject
            ?? throw new TemplateException($"The event {location} has no Pattern. Set Pattern to an event pattern, for example {{\"source\": [\"aws.cloudwatch\"]}}.");
        return new EventRuleResource(
            name,
            RuleArn(name),
            location,
            ParsePattern(pattern, location),
            _resolver.ResolveString(properties["EventBusName"], $"{location}/EventBusName") ?? "default",
            ReadEnabled(properties, location, RuleStates),
            ReadInput(properties, location),
            ReadInputPath(properties, location),
            target);
    }

    /// <summary>Loads an <c>AWS::Events::Rule</c>: its schedule or pattern, once per target that is a function or state machine of the template.</summary>
    private void LoadRule(string logicalId, TemplateTriggers triggers)
    {
        var properties = Properties(logicalId);
        var location = $"{logicalId}/Properties";
        var name = _resolver.PhysicalId(logicalId);
        var arn = _resolver.Arn(logicalId);
        var enabled = ReadEnabled(properties, location, RuleStates);
        var scheduleText = _resolver.ResolveString(properties["ScheduleExpression"], $"{location}/ScheduleExpression");
        var pattern = _resolver.Resolve(properties["EventPattern"], $"{location}/EventPattern") as JsonObject;
        if (scheduleText is null && pattern is null)
        {
            throw new TemplateException($"The rule {logicalId} has neither ScheduleExpression nor EventPattern. Set one of them.");
        }

        var expression = scheduleText is null ? null : ParseExpression(scheduleText, null, allowOneTime: false, location);
        var eventPattern = pattern is null ? null : ParsePattern(pattern, location);
        var busName = _resolver.ResolveString(properties["EventBusName"], $"{location}/EventBusName") ?? "default";
        var index = 0;
        foreach (var targetNode in _resolver.Resolve(properties["Targets"], $"{location}/Targets") as JsonArray ?? [])
        {
            var targetLocation = $"{location}/Targets/{index++}";
            if (targetNode is not JsonObject targetProperties || targetProperties.ContainsKey("InputTransformer"))
            {
                throw new TemplateException($"The rule target {targetLocation} must be an object with Arn, and the local runtime does not support InputTransformer. Use Input or InputPath.");
            }

            var targetArn = TemplateLoader.ScalarText(targetProperties["Arn"] ?? throw new TemplateException($"The rule target {targetLocation} has no Arn."));
            var target = FindTarget(targetArn, targetLocation);
            var input = ReadInput(targetProperties, targetLocation);
            if (expression is not null)
            {
                triggers.Schedules.Add(new ScheduleResource(name, arn, targetLocation, expression, enabled, input, IsScheduler: false, target));
            }

            if (eventPattern is not null)
            {
                triggers.EventRules.Add(new EventRuleResource(name, arn, targetLocation, eventPattern, busName, enabled, input, ReadInputPath(targetProperties, targetLocation), target));
            }
        }
    }

    private EventTarget FindTarget(string arn, string location)
    {
        foreach (var (logicalId, node) in _resolver.Resources)
        {
            var kind = node?["Type"]?.GetValue<string>() switch
            {
                "AWS::Serverless::Function" => EventTargetKind.Function,
                "AWS::Serverless::StateMachine" => EventTargetKind.StateMachine,
                _ => (EventTargetKind?)null,
            };
            if (kind is not null && _resolver.Arn(logicalId) == arn)
            {
                return new EventTarget(kind.Value, logicalId, arn);
            }
        }

        throw new TemplateException($"The rule target {location} is '{arn}', which is not a function or state machine of this template. The local runtime only invokes those.");
    }

    private static ScheduleExpression ParseExpression(string text, string? timeZone, bool allowOneTime, string location)
    {
        try
        {
            return ScheduleExpression.Parse(text, timeZone, allowOneTime);
        }
        catch (ScheduleExpressionException exception)
        {
            throw new TemplateException($"{location}: {exception.Message}", exception);
        }
    }

    private static EventPattern ParsePattern(JsonObject pattern, string location)
    {
        try
        {
            return EventPattern.Parse(pattern);
        }
        catch (FormatException exception)
        {
            throw new TemplateException($"{location}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads <c>Enabled</c> (a boolean) or <c>State</c>; SAM rejects a template that sets both.</summary>
    private bool ReadEnabled(JsonObject properties, string location, string[] states)
    {
        var enabled = _resolver.Resolve(properties["Enabled"], $"{location}/Enabled");
        var state = _resolver.ResolveString(properties["State"], $"{location}/State");
        if (enabled is not null && state is not null)
        {
            throw new TemplateException($"The event {location} sets both State and Enabled. Set only one of them.");
        }

        if (state is not null)
        {
            return states.Contains(state, StringComparer.Ordinal)
                ? state != "DISABLED"
                : throw new TemplateException($"The State '{state}' of {location} is invalid. Use {string.Join(" or ", states)}.");
        }

        return enabled switch
        {
            null => true,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            JsonValue value when bool.TryParse(ScalarText(value), out var flag) => flag,
            _ => throw new TemplateException($"The Enabled value {enabled.ToJsonString()} of {location} is invalid. Use true or false."),
        };
    }

    private string? ReadInput(JsonObject properties, string location)
    {
        var input = _resolver.ResolveString(properties["Input"], $"{location}/Input");
        if (input is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            return input;
        }
        catch (JsonException exception)
        {
            throw new TemplateException($"The Input of {location} is not valid JSON ({exception.Message}). Write it as a JSON text, for example '{{\"dataset\": \"iris\"}}'.", exception);
        }
    }

    private string? ReadInputPath(JsonObject properties, string location)
    {
        var path = _resolver.ResolveString(properties["InputPath"], $"{location}/InputPath");
        return path is null || path == "$" || (path.StartsWith("$.", StringComparison.Ordinal) && !path.Contains('[', StringComparison.Ordinal))
            ? path
            : throw new TemplateException($"The InputPath '{path}' of {location} is not supported locally. Use $ or a field path such as $.detail.");
    }

    private DateTimeOffset? ReadDate(JsonObject properties, string member, string location)
    {
        var text = _resolver.ResolveString(properties[member], $"{location}/{member}");
        return text is null ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date
            : throw new TemplateException($"The {member} '{text}' of {location} is not an ISO 8601 time such as 2026-05-01T00:00:00Z.");
    }

    private string RuleArn(string name) => $"arn:{_environment.Partition}:events:{_environment.Region}:{_environment.AccountId}:rule/{name}";
}
