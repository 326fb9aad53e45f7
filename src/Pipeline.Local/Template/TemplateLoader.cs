using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Template;

/// <summary>Turns a parsed template into <see cref="LocalTemplate"/> resources.</summary>
internal sealed partial class TemplateLoader
{
    private readonly string _path;
    private readonly JsonObject _root;
    private readonly DeploymentEnvironment _environment;
    private readonly IntrinsicResolver _resolver;

    public TemplateLoader(string path, JsonObject root, DeploymentEnvironment environment)
    {
        _path = path;
        _root = root;
        _environment = environment;
        if (root["Resources"] is not JsonObject resources || resources.Count == 0)
        {
            throw new TemplateException($"{path} has no Resources section.");
        }

        CheckParameterOverrides(path, root, environment);
        _resolver = new IntrinsicResolver(root, resources, environment);
    }

    public LocalTemplate Load()
    {
        var buckets = new List<BucketResource>();
        var functions = new List<FunctionResource>();
        var stateMachines = new List<StateMachineResource>();
        var glueJobs = new List<GlueJobResource>();
        var triggers = new TemplateTriggers();
        foreach (var (logicalId, node) in _resolver.Resources)
        {
            var type = node?["Type"]?.GetValue<string>();
            switch (type)
            {
                case "AWS::S3::Bucket":
                    buckets.Add(new BucketResource(logicalId, _resolver.PhysicalId(logicalId)));
                    break;
                case "AWS::Serverless::Function":
                    functions.Add(LoadFunction(logicalId));
                    LoadEventSources(logicalId, EventTargetKind.Function, triggers);
                    break;
                case "AWS::Serverless::StateMachine":
                    stateMachines.Add(LoadStateMachine(logicalId));
                    LoadEventSources(logicalId, EventTargetKind.StateMachine, triggers);
                    break;
                case "AWS::Events::Rule":
                    LoadRule(logicalId, triggers);
                    break;
                case "AWS::CloudWatch::Alarm":
                    triggers.Alarms.Add(LoadAlarm(logicalId));
                    break;
                case "AWS::Glue::Job":
                    glueJobs.Add(LoadGlueJob(logicalId));
                    break;
            }
        }

        var outputs = new JsonObject();
        if (_root["Outputs"] is JsonObject declaredOutputs)
        {
            foreach (var (name, output) in declaredOutputs)
            {
                outputs[name] = _resolver.Resolve(output?["Value"]?.DeepClone(), $"Outputs/{name}/Value");
            }
        }

        return new LocalTemplate(_path, _environment, buckets, functions, stateMachines, glueJobs, outputs, triggers);
    }

    private JsonObject Properties(string logicalId, string? globalsSection = null)
    {
        var properties = _resolver.Resources[logicalId]?["Properties"]?.DeepClone() as JsonObject ?? [];
        if (globalsSection is not null && _root["Globals"]?[globalsSection] is JsonObject globals)
        {
            foreach (var (name, value) in globals)
            {
                if (!properties.ContainsKey(name))
                {
                    properties[name] = value?.DeepClone();
                }
                else if (name == "Environment" && value?["Variables"] is JsonObject globalVariables
                    && properties["Environment"]?["Variables"] is JsonObject variables)
                {
                    foreach (var (variable, variableValue) in globalVariables)
                    {
                        if (!variables.ContainsKey(variable))
                        {
                            variables[variable] = variableValue?.DeepClone();
                        }
                    }
                }
            }
        }

        return properties;
    }

    private FunctionResource LoadFunction(string logicalId)
    {
        var properties = Properties(logicalId, "Function");
        var handler = _resolver.ResolveString(properties["Handler"], $"{logicalId}/Properties/Handler")
            ?? throw new TemplateException($"The function {logicalId} has no Handler. Set Handler to ASSEMBLY::TYPE::METHOD.");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties["Environment"]?["Variables"] is JsonObject variables)
        {
            foreach (var (name, value) in variables)
            {
                var resolved = _resolver.Resolve(value, $"{logicalId}/Properties/Environment/Variables/{name}");
                if (resolved is not null)
                {
                    environment[name] = ScalarText(resolved);
                }
            }
        }

        var events = new List<S3EventSource>();
        if (properties["Events"] is JsonObject declaredEvents)
        {
            foreach (var (eventName, eventNode) in declaredEvents)
            {
                if (eventNode?["Type"]?.GetValue<string>() != "S3")
                {
                    continue;
                }

                events.Add(LoadS3Event(logicalId, eventName, eventNode["Properties"] as JsonObject ?? []));
            }
        }

        var functionName = _resolver.PhysicalId(logicalId);
        var timeout = _resolver.Resolve(properties["Timeout"], $"{logicalId}/Properties/Timeout") is JsonValue timeoutValue
            ? int.Parse(ScalarText(timeoutValue), CultureInfo.InvariantCulture)
            : 3;
        return new FunctionResource(
            logicalId,
            functionName,
            _resolver.Arn(logicalId),
            handler,
            _resolver.ResolveString(properties["Runtime"], $"{logicalId}/Properties/Runtime"),
            timeout,
            environment,
            events);
    }

    private S3EventSource LoadS3Event(string logicalId, string eventName, JsonObject properties)
    {
        var location = $"{logicalId}/Properties/Events/{eventName}";
        var bucket = _resolver.ResolveString(properties["Bucket"], $"{location}/Bucket")
            ?? throw new TemplateException($"The S3 event {location} has no Bucket. Reference a bucket of this template with !Ref.");
        var eventTypes = _resolver.Resolve(properties["Events"], $"{location}/Events") switch
        {
            JsonArray array => array.Select(e => ScalarText(e!)).ToList(),
            JsonValue single => [ScalarText(single)],
            _ => throw new TemplateException($"The S3 event {location} has no Events. Set Events to s3:ObjectCreated:* or a list of event types."),
        };
        string? prefix = null;
        string? suffix = null;
        if (properties["Filter"]?["S3Key"]?["Rules"] is JsonArray rules)
        {
            foreach (var rule in rules)
            {
                var ruleName = _resolver.ResolveString(rule?["Name"], $"{location}/Filter")?.ToLowerInvariant();
                var value = _resolver.ResolveString(rule?["Value"], $"{location}/Filter");
                switch (ruleName)
                {
                    case "prefix":
                        prefix = value;
                        break;
                    case "suffix":
                        suffix = value;
                        break;
                    default:
                        throw new TemplateException($"The S3 filter rule '{ruleName}' in {location} is invalid. Use prefix or suffix.");
                }
            }
        }

        return new S3EventSource(eventName, bucket, eventTypes, prefix, suffix);
    }

    private StateMachineResource LoadStateMachine(string logicalId)
    {
        var properties = Properties(logicalId);
        string definition;
        string? definitionPath = null;
        if (properties["DefinitionUri"] is JsonValue uri)
        {
            definitionPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_path)!, uri.GetValue<string>()));
            if (!File.Exists(definitionPath))
            {
                throw new TemplateException($"The DefinitionUri of {logicalId} points to '{definitionPath}', which does not exist.");
            }

            definition = File.ReadAllText(definitionPath);
        }
        else if (properties["Definition"] is JsonObject inline)
        {
            definition = inline.ToJsonString();
        }
        else
        {
            throw new TemplateException($"The state machine {logicalId} has neither DefinitionUri nor Definition.");
        }

        if (properties["DefinitionSubstitutions"] is JsonObject substitutions)
        {
            foreach (var (name, value) in substitutions)
            {
                var resolved = _resolver.Resolve(value, $"{logicalId}/Properties/DefinitionSubstitutions/{name}");
                var text = resolved is null ? string.Empty : ScalarText(resolved);

                // Substituted values land inside JSON strings, so they are escaped as JSON string content.
                var escaped = JsonSerializer.Serialize(text)[1..^1];
                definition = definition.Replace("${" + name + "}", escaped, StringComparison.Ordinal);
            }
        }

        var type = _resolver.ResolveString(properties["Type"], $"{logicalId}/Properties/Type") ?? "STANDARD";
        return new StateMachineResource(logicalId, _resolver.PhysicalId(logicalId), _resolver.Arn(logicalId), definition, definitionPath, type);
    }

    private GlueJobResource LoadGlueJob(string logicalId)
    {
        var properties = Properties(logicalId);
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_resolver.Resolve(properties["DefaultArguments"], $"{logicalId}/Properties/DefaultArguments") is JsonObject arguments)
        {
            foreach (var (name, value) in arguments)
            {
                if (value is not null)
                {
                    defaults[name] = ScalarText(value);
                }
            }
        }

        var maxConcurrentRuns = _resolver.Resolve(properties["ExecutionProperty"]?["MaxConcurrentRuns"], logicalId) is JsonValue max
            ? int.Parse(ScalarText(max), CultureInfo.InvariantCulture)
            : 1;
        int? timeout = _resolver.Resolve(properties["Timeout"], logicalId) is JsonValue minutes
            ? int.Parse(ScalarText(minutes), CultureInfo.InvariantCulture)
            : null;
        return new GlueJobResource(
            logicalId,
            _resolver.PhysicalId(logicalId),
            _resolver.ResolveString(properties["Command"]?["ScriptLocation"], logicalId),
            defaults,
            maxConcurrentRuns,
            timeout);
    }

    /// <summary>Rejects an override of a parameter the template lacks, or with a value outside the parameter's AllowedValues, as CloudFormation does.</summary>
    private static void CheckParameterOverrides(string path, JsonObject root, DeploymentEnvironment environment)
    {
        var parameters = root["Parameters"] as JsonObject ?? [];
        foreach (var (name, value) in environment.ParameterOverrides)
        {
            if (parameters[name] is not JsonObject parameter)
            {
                throw new TemplateException($"The parameter override {name} names no parameter of {path}. Its parameters are: {string.Join(", ", parameters.Select(pair => pair.Key))}.");
            }

            if (parameter["AllowedValues"] is JsonArray allowed && !allowed.Any(item => item is not null && ScalarText(item) == value))
            {
                throw new TemplateException($"The value '{value}' of parameter {name} is not allowed. Use one of: {string.Join(", ", allowed.Select(item => item is null ? "null" : ScalarText(item)))}.");
            }
        }
    }

    internal static string ScalarText(JsonNode node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => node.ToJsonString(),
    };
}
