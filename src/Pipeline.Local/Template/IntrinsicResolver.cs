using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Template;

/// <summary>
/// Evaluates CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::FindInMap,
/// conditions) with the physical names and ARNs the local runtime gives each resource.
/// </summary>
internal sealed class IntrinsicResolver
{
    private readonly JsonObject _root;
    private readonly DeploymentEnvironment _environment;
    private readonly Dictionary<string, string> _physicalIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public IntrinsicResolver(JsonObject root, JsonObject resources, DeploymentEnvironment environment)
    {
        _root = root;
        Resources = resources;
        _environment = environment;
    }

    public JsonObject Resources { get; }

    public string? ResolveString(JsonNode? node, string location) =>
        Resolve(node?.DeepClone(), location) is { } resolved ? TemplateLoader.ScalarText(resolved) : null;

    /// <summary>Returns a copy of <paramref name="node"/> with every intrinsic function evaluated.</summary>
    public JsonNode? Resolve(JsonNode? node, string location)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && IsIntrinsic(obj.First().Key):
                var (name, argument) = obj.First();
                return Evaluate(name, argument, location);
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = Resolve(value?.DeepClone(), $"{location}/{key}");
                    if (!IsNoValue(resolved))
                    {
                        result[key] = resolved;
                    }
                }

                return result;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var resolved = Resolve(item?.DeepClone(), location);
                    if (!IsNoValue(resolved))
                    {
                        items.Add(resolved);
                    }
                }

                return items;
            default:
                return node?.DeepClone();
        }
    }

    public string PhysicalId(string logicalId)
    {
        if (_physicalIds.TryGetValue(logicalId, out var cached))
        {
            return cached;
        }

        if (!_resolving.Add(logicalId))
        {
            throw new TemplateException($"The name of resource {logicalId} depends on itself.");
        }

        try
        {
            var resource = Resources[logicalId] ?? throw new TemplateException($"The template has no resource named {logicalId}.");
            var type = resource["Type"]?.GetValue<string>() ?? string.Empty;
            var properties = resource["Properties"] as JsonObject;
            var nameProperty = type switch
            {
                "AWS::S3::Bucket" => "BucketName",
                "AWS::Serverless::Function" or "AWS::Lambda::Function" => "FunctionName",
                "AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine" => "Name",
                "AWS::Glue::Job" => "Name",
                "AWS::IAM::Role" => "RoleName",
                "AWS::Logs::LogGroup" => "LogGroupName",
                "AWS::CloudWatch::Alarm" => "AlarmName",
                "AWS::Events::Rule" => "Name",
                _ => null,
            };
            var explicitName = nameProperty is null ? null : ResolveString(properties?[nameProperty], $"{logicalId}/Properties/{nameProperty}");
            var id = explicitName ?? GeneratedName(logicalId, type);
            _physicalIds[logicalId] = id;
            return id;
        }
        finally
        {
            _resolving.Remove(logicalId);
        }
    }

    public string Arn(string logicalId)
    {
        var type = Resources[logicalId]?["Type"]?.GetValue<string>() ?? string.Empty;
        var name = PhysicalId(logicalId);
        var (partition, region, account) = (_environment.Partition, _environment.Region, _environment.AccountId);
        return type switch
        {
            "AWS::S3::Bucket" => $"arn:{partition}:s3:::{name}",
            "AWS::Serverless::Function" or "AWS::Lambda::Function" => $"arn:{partition}:lambda:{region}:{account}:function:{name}",
            "AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine" => $"arn:{partition}:states:{region}:{account}:stateMachine:{name}",
            "AWS::Glue::Job" => $"arn:{partition}:glue:{region}:{account}:job/{name}",
            "AWS::IAM::Role" => $"arn:{partition}:iam::{account}:role/{name}",
            "AWS::Logs::LogGroup" => $"arn:{partition}:logs:{region}:{account}:log-group:{name}:*",
            "AWS::CloudWatch::Alarm" => $"arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}",
            "AWS::Events::Rule" => $"arn:{partition}:events:{region}:{account}:rule/{name}",
            _ => throw new TemplateException($"The local runtime cannot make an ARN for {logicalId} of type {type}."),
        };
    }

    private string GeneratedName(string logicalId, string type)
    {
        // CloudFormation appends a random suffix; the local runtime keeps names stable across runs.
        var name = $"{_environment.StackName}-{logicalId}";
        return type == "AWS::S3::Bucket" ? name.ToLowerInvariant() : name;
    }

    private static bool IsIntrinsic(string key) => key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private static bool IsNoValue(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text == NoValue;

    private const string NoValue = "\u0000AWS::NoValue";

    private JsonNode? Evaluate(string function, JsonNode? argument, string location)
    {
        switch (function)
        {
            case "Ref":
                return JsonValue.Create(Ref(ResolveString(argument, location) ?? string.Empty, location));
            case "Fn::GetAtt":
                var parts = Resolve(argument, location) switch
                {
                    JsonArray array => array.Select(p => TemplateLoader.ScalarText(p!)).ToArray(),
                    JsonValue value => TemplateLoader.ScalarText(value).Split('.', 2),
                    _ => [],
                };
                if (parts.Length != 2)
                {
                    throw new TemplateException($"Fn::GetAtt at {location} needs a resource and an attribute.");
                }

                return JsonValue.Create(GetAtt(parts[0], parts[1], location));
            case "Fn::Sub":
                return JsonValue.Create(Sub(argument, location));
            case "Fn::Join":
                if (argument is not JsonArray { Count: 2 } join)
                {
                    throw new TemplateException($"Fn::Join at {location} needs [delimiter, [values]].");
                }

                var delimiter = ResolveString(join[0], location) ?? string.Empty;
                var values = Resolve(join[1], location) as JsonArray ?? [];
                return JsonValue.Create(string.Join(delimiter, values.Select(v => TemplateLoader.ScalarText(v!))));
            case "Fn::If":
                if (argument is not JsonArray { Count: 3 } branches)
                {
                    throw new TemplateException($"Fn::If at {location} needs [condition, value if true, value if false].");
                }

                return Resolve(Condition(TemplateLoader.ScalarText(branches[0]!), location) ? branches[1] : branches[2], location);
            case "Fn::FindInMap":
                var keys = Resolve(argument, location) as JsonArray;
                if (keys is not { Count: 3 })
                {
                    throw new TemplateException($"Fn::FindInMap at {location} needs [map, top-level key, second-level key].");
                }

                var (map, top, second) = (TemplateLoader.ScalarText(keys[0]!), TemplateLoader.ScalarText(keys[1]!), TemplateLoader.ScalarText(keys[2]!));
                return _root["Mappings"]?[map]?[top]?[second]?.DeepClone()
                    ?? throw new TemplateException($"Fn::FindInMap at {location}: the mapping {map} has no entry {top}/{second}.");
            case "Fn::Select":
                if (Resolve(argument, location) is not JsonArray { Count: 2 } select || select[1] is not JsonArray list)
                {
                    throw new TemplateException($"Fn::Select at {location} needs [index, [values]].");
                }

                return list[int.Parse(TemplateLoader.ScalarText(select[0]!), CultureInfo.InvariantCulture)]?.DeepClone();
            case "Fn::Split":
                if (Resolve(argument, location) is not JsonArray { Count: 2 } split)
                {
                    throw new TemplateException($"Fn::Split at {location} needs [delimiter, string].");
                }

                var separator = TemplateLoader.ScalarText(split[0]!);
                return new JsonArray(TemplateLoader.ScalarText(split[1]!).Split(separator).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            case "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or" or "Condition":
                return JsonValue.Create(EvaluateCondition(function, argument, location));
            default:
                throw new TemplateException($"The intrinsic function {function} at {location} is not supported by the local runtime.");
        }
    }

    private string Ref(string name, string location)
    {
        switch (name)
        {
            case "AWS::Region": return _environment.Region;
            case "AWS::AccountId": return _environment.AccountId;
            case "AWS::StackName": return _environment.StackName;
            case "AWS::Partition": return _environment.Partition;
            case "AWS::URLSuffix": return _environment.UrlSuffix;
            case "AWS::StackId": return $"arn:{_environment.Partition}:cloudformation:{_environment.Region}:{_environment.AccountId}:stack/{_environment.StackName}/local";
            case "AWS::NoValue": return NoValue;
        }

        if (_root["Parameters"] is JsonObject parameters && parameters.ContainsKey(name))
        {
            if (_environment.ParameterOverrides.TryGetValue(name, out var overridden))
            {
                return overridden;
            }

            return parameters[name]?["Default"] is { } defaultValue
                ? TemplateLoader.ScalarText(defaultValue)
                : throw new TemplateException($"The parameter {name} (used at {location}) has no Default. Pass a value for it.");
        }

        if (!Resources.ContainsKey(name))
        {
            throw new TemplateException($"Ref at {location} names '{name}', which is neither a parameter nor a resource of the template.");
        }

        var type = Resources[name]?["Type"]?.GetValue<string>();

        // Ref of a state machine or a log group's ARN-like identity follows CloudFormation: the ARN for
        // state machines, the name for functions, buckets, roles, jobs and log groups.
        return type is "AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine" ? Arn(name) : PhysicalId(name);
    }

    private string GetAtt(string logicalId, string attribute, string location)
    {
        if (!Resources.ContainsKey(logicalId))
        {
            throw new TemplateException($"Fn::GetAtt at {location} names '{logicalId}', which is not a resource of the template.");
        }

        return attribute switch
        {
            "Arn" => Arn(logicalId),
            "Name" => PhysicalId(logicalId),
            "DomainName" => $"{PhysicalId(logicalId)}.s3.{_environment.UrlSuffix}",
            // string.GetHashCode differs between processes, so the id comes from a stable hash of the role name.
            "RoleId" => "AROA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(PhysicalId(logicalId))))[..16],
            _ => throw new TemplateException($"Fn::GetAtt at {location}: the attribute {attribute} of {logicalId} is not supported by the local runtime."),
        };
    }

    private string Sub(JsonNode? argument, string location)
    {
        string text;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (argument is JsonArray { Count: 2 } withVariables)
        {
            text = TemplateLoader.ScalarText(withVariables[0]!);
            foreach (var (name, value) in withVariables[1] as JsonObject ?? [])
            {
                variables[name] = ResolveString(value, location) ?? string.Empty;
            }
        }
        else
        {
            text = ResolveString(argument, location) ?? string.Empty;
        }

        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(text, position, text.Length - position);
                break;
            }

            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                throw new TemplateException($"Fn::Sub at {location} has an unclosed '${{' in '{text}'.");
            }

            result.Append(text, position, start - position);
            var name = text[(start + 2)..end];
            if (name.StartsWith('!'))
            {
                result.Append("${").Append(name[1..]).Append('}');
            }
            else if (variables.TryGetValue(name, out var value))
            {
                result.Append(value);
            }
            else if (name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal))
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                result.Append(GetAtt(name[..dot], name[(dot + 1)..], location));
            }
            else
            {
                result.Append(Ref(name, location));
            }

            position = end + 1;
        }

        return result.ToString();
    }

    private bool Condition(string name, string location)
    {
        var condition = _root["Conditions"]?[name]
            ?? throw new TemplateException($"The condition {name} used at {location} is not defined in Conditions.");
        return condition is JsonObject { Count: 1 } obj
            ? EvaluateCondition(obj.First().Key, obj.First().Value, $"Conditions/{name}")
            : throw new TemplateException($"The condition {name} must be a single condition function.");
    }

    private bool EvaluateCondition(string function, JsonNode? argument, string location)
    {
        bool Operand(JsonNode? node) => node is JsonObject { Count: 1 } inner
            ? EvaluateCondition(inner.First().Key, inner.First().Value, location)
            : throw new TemplateException($"A condition operand at {location} must be a condition function.");

        return function switch
        {
            "Fn::Equals" when argument is JsonArray { Count: 2 } pair =>
                string.Equals(ResolveString(pair[0], location), ResolveString(pair[1], location), StringComparison.Ordinal),
            "Fn::Not" when argument is JsonArray { Count: 1 } single => !Operand(single[0]),
            "Fn::And" when argument is JsonArray all => all.All(Operand),
            "Fn::Or" when argument is JsonArray any => any.Any(Operand),
            "Condition" => Condition(TemplateLoader.ScalarText(argument!), location),
            _ => throw new TemplateException($"The condition function {function} at {location} has invalid arguments."),
        };
    }
}
