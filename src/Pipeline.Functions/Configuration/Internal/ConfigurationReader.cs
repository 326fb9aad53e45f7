using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.Configuration.Internal;

/// <summary>Reads typed members of a configuration section and collects every problem with its JSON path.</summary>
internal sealed class ConfigurationReader
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public void AddProblem(string problem) => _problems.Add(problem);

    /// <summary>Returns the section at <paramref name="name"/> (a copy), an empty object when absent, or null after recording a problem.</summary>
    public JsonObject? Section(JsonObject root, string name)
    {
        if (!root.TryGetPropertyValue(name, out var node) || node is null)
        {
            return [];
        }

        if (node is JsonObject section)
        {
            return (JsonObject)section.DeepClone();
        }

        _problems.Add($"'{name}' must be a JSON object but is {Describe(node)}.");
        return null;
    }

    public string? String(JsonObject section, string path, string name, Func<string, string?>? validate = null)
    {
        if (!section.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            _problems.Add($"'{path}.{name}' must be a string but is {Describe(node)}.");
            return null;
        }

        var value = node.GetValue<string>().Trim();
        if (value.Length == 0)
        {
            _problems.Add($"'{path}.{name}' is empty; remove it to use the default or give a value.");
            return null;
        }

        var problem = validate?.Invoke(value);
        if (problem is not null)
        {
            _problems.Add($"'{path}.{name}' {problem}");
            return null;
        }

        return value;
    }

    public int? Integer(JsonObject section, string path, string name, int minimum, int maximum)
    {
        if (!section.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value))
        {
            _problems.Add($"'{path}.{name}' must be a whole number but is {Describe(node)}.");
            return null;
        }

        if (value < minimum || value > maximum)
        {
            _problems.Add($"'{path}.{name}' is {value}; use a whole number from {minimum} to {maximum}.");
            return null;
        }

        return value;
    }

    public bool? Boolean(JsonObject section, string path, string name)
    {
        if (!section.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            _problems.Add($"'{path}.{name}' must be true or false (a JSON boolean, without quotes) but is {Describe(node)}.");
            return null;
        }

        return node.GetValue<bool>();
    }

    public double? Number(JsonObject section, string path, string name, double minimum = double.NegativeInfinity)
    {
        if (!section.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            _problems.Add($"'{path}.{name}' must be a number but is {Describe(node)}.");
            return null;
        }

        var value = node.GetValue<double>();
        if (value < minimum)
        {
            _problems.Add($"'{path}.{name}' is {value.ToString(CultureInfo.InvariantCulture)}; use a number of at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    /// <summary>Returns a JSON scalar as the string SageMaker expects: numbers in their JSON spelling, booleans as true/false.</summary>
    public string? Scalar(JsonNode? node, string path)
    {
        switch (node?.GetValueKind())
        {
            case JsonValueKind.String:
                return node.GetValue<string>();
            case JsonValueKind.Number:
                return node.ToJsonString();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                _problems.Add($"'{path}' must be a string, number or boolean but is {Describe(node)}.");
                return null;
        }
    }

    public static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{node.GetValue<string>()}\"",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {node.ToJsonString()}",
        _ => $"the number {node.ToJsonString()}",
    };
}
