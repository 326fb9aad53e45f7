using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Template;

/// <summary>
/// CloudFormation refuses a stack whose resources depend on each other in a circle. These tests build the
/// dependency graph of a template the way CloudFormation and SAM do: Ref, Fn::GetAtt, the names inside Fn::Sub
/// and DependsOn, plus SAM's S3 event, whose bucket's notification depends on the function.
/// </summary>
public sealed partial class TemplateDependencyTests
{
    [Fact]
    public void RepositoryTemplate_Resources_HaveNoCircularDependency()
    {
        var template = TemplateYamlReader.Read(File.ReadAllText(RepositoryPaths.Of("template.yaml")), "template.yaml");

        var cycle = FindCycle(Dependencies(template));

        Assert.True(cycle is null, $"template.yaml has a circular dependency: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void FindCycle_RoleReferencingNotifiedBucket_ReportsTheCircle()
    {
        // The shape this repository's template once had: a role of the state machine referenced the data bucket.
        const string Yaml = """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      MACHINE: !Ref Machine
                  Events:
                    Arrived:
                      Type: S3
                      Properties:
                        Bucket: !Ref Bucket
              Machine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Role: !GetAtt Role.Arn
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyDocument:
                        Statement:
                          - Resource: !Sub "${Bucket.Arn}/*"
            """;

        var cycle = FindCycle(Dependencies(TemplateYamlReader.Read(Yaml, "inline")));

        Assert.NotNull(cycle);
        Assert.Equal(["Bucket", "Function", "Machine", "Role", "Bucket"], cycle);
    }

    private static Dictionary<string, SortedSet<string>> Dependencies(JsonObject template)
    {
        var resources = template["Resources"]!.AsObject();
        var graph = resources.ToDictionary(pair => pair.Key, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            foreach (var (key, value) in resource)
            {
                if (key == "DependsOn")
                {
                    foreach (var target in value is JsonArray list ? list.Select(item => item!.GetValue<string>()) : [value!.GetValue<string>()])
                    {
                        graph[name].Add(target);
                    }
                }
                else if (key == "Properties" && value is JsonObject properties)
                {
                    foreach (var (property, propertyValue) in properties)
                    {
                        if (property == "Events" && resource["Type"]?.GetValue<string>() is "AWS::Serverless::Function" or "AWS::Serverless::StateMachine")
                        {
                            AddEventEdges(name, propertyValue, graph);
                            continue;
                        }

                        AddReferences(name, propertyValue, graph);
                    }
                }
            }
        }

        return graph;
    }

    // SAM turns a function's S3 event into the bucket's notification configuration, so the bucket depends on the
    // function. The other event types become resources of their own that depend on the function.
    private static void AddEventEdges(string function, JsonNode? events, Dictionary<string, SortedSet<string>> graph)
    {
        foreach (var (_, source) in events?.AsObject() ?? [])
        {
            if (source?["Type"]?.GetValue<string>() == "S3" && source["Properties"]?["Bucket"]?["Ref"]?.GetValue<string>() is { } bucket
                && graph.TryGetValue(bucket, out var bucketDependencies))
            {
                bucketDependencies.Add(function);
            }
        }
    }

    private static void AddReferences(string from, JsonNode? node, Dictionary<string, SortedSet<string>> graph)
    {
        switch (node)
        {
            case JsonObject intrinsic when intrinsic["Ref"] is JsonValue target:
                AddEdge(from, target.GetValue<string>(), graph);
                break;
            case JsonObject intrinsic when intrinsic["Fn::GetAtt"] is { } target:
                var text = target is JsonArray parts ? parts[0]!.GetValue<string>() : target.GetValue<string>().Split('.')[0];
                AddEdge(from, text, graph);
                break;
            case JsonObject intrinsic when intrinsic["Fn::Sub"] is { } sub:
                var pattern = sub is JsonArray withValues ? withValues[0]!.GetValue<string>() : sub.GetValue<string>();
                var locals = sub is JsonArray withNames && withNames.Count > 1 ? withNames[1]!.AsObject().Select(pair => pair.Key).ToHashSet() : [];
                foreach (Match match in SubstitutionName().Matches(pattern))
                {
                    if (!locals.Contains(match.Groups[1].Value))
                    {
                        AddEdge(from, match.Groups[1].Value, graph);
                    }
                }

                if (sub is JsonArray values && values.Count > 1)
                {
                    AddReferences(from, values[1], graph);
                }

                break;
            case JsonObject other:
                foreach (var (_, child) in other)
                {
                    AddReferences(from, child, graph);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    AddReferences(from, child, graph);
                }

                break;
        }
    }

    private static void AddEdge(string from, string to, Dictionary<string, SortedSet<string>> graph)
    {
        // Parameters and pseudo parameters (AWS::Region) are not resources.
        if (to != from && graph.ContainsKey(to))
        {
            graph[from].Add(to);
        }
    }

    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        // 1: on the current path; 2: finished.
        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                return [.. path.Skip(path.IndexOf(node)), node];
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")]
    private static partial Regex SubstitutionName();
}
