using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Local.Template;

/// <summary>
/// Reads a CloudFormation/SAM template from YAML into JSON, turning the short intrinsic tags
/// (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>, ...) into their long form (<c>{"Ref": ...}</c>, <c>{"Fn::GetAtt": [...]}</c>).
/// </summary>
internal static class TemplateYamlReader
{
    private static readonly Dictionary<string, string> ShortTags = new(StringComparer.Ordinal)
    {
        ["!Ref"] = "Ref",
        ["!GetAtt"] = "Fn::GetAtt",
        ["!Sub"] = "Fn::Sub",
        ["!Join"] = "Fn::Join",
        ["!If"] = "Fn::If",
        ["!Equals"] = "Fn::Equals",
        ["!Not"] = "Fn::Not",
        ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or",
        ["!FindInMap"] = "Fn::FindInMap",
        ["!Select"] = "Fn::Select",
        ["!Split"] = "Fn::Split",
        ["!GetAZs"] = "Fn::GetAZs",
        ["!ImportValue"] = "Fn::ImportValue",
        ["!Base64"] = "Fn::Base64",
        ["!Condition"] = "Condition",
    };

    public static JsonObject Read(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new TemplateException($"{sourceName} is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || ToJson(stream.Documents[0].RootNode) is not JsonObject root)
        {
            throw new TemplateException($"{sourceName} does not contain a template: its top level must be a mapping with a Resources section.");
        }

        return root;
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        var converted = node switch
        {
            YamlMappingNode mapping => (JsonNode?)ConvertMapping(mapping),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => null,
        };

        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is null || !ShortTags.TryGetValue(tag, out var longName))
        {
            return converted;
        }

        // "!GetAtt Resource.Attribute" is the short form of {"Fn::GetAtt": ["Resource", "Attribute"]}.
        if (longName == "Fn::GetAtt" && converted is JsonValue value && value.GetValue<string>() is { } text)
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            converted = dot < 0 ? new JsonArray(text) : new JsonArray(text[..dot], text[(dot + 1)..]);
        }

        return new JsonObject { [longName] = converted };
    }

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            result[((YamlScalarNode)key).Value ?? string.Empty] = ToJson(value);
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.StartsWith('.'))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}

/// <summary>A template problem: invalid YAML, an unresolvable intrinsic, a missing property.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TemplateException()
    {
    }
}
