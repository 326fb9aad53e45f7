using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Internal.Specification;

/// <summary>Reads typed fields from a JSON object and records every problem with its JSON path instead of stopping at the first.</summary>
internal sealed class JsonFieldReader
{
    private readonly List<string> _problems;

    public JsonFieldReader(List<string> problems) => _problems = problems;

    public void Problem(string path, string message) => _problems.Add($"{path}: {message}");

    /// <summary>Reports properties that the section does not define, which catches misspelled field names.</summary>
    public void RejectUnknown(JsonObject section, string path, params string[] known)
    {
        foreach (var (name, _) in section)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Problem($"{path}.{name}", $"unknown property '{name}'. Known properties: {string.Join(", ", known)}.");
            }
        }
    }

    public JsonObject? Section(JsonObject parent, string name, string path)
    {
        if (!parent.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonObject section)
        {
            return section;
        }

        Problem($"{path}.{name}", $"must be an object, got {Describe(node)}.");
        return null;
    }

    public bool? Boolean(JsonObject parent, string name, string path)
    {
        if (!TryGetValue(parent, name, out var node))
        {
            return null;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }

        Problem($"{path}.{name}", $"must be true or false, got {Describe(node)}.");
        return null;
    }

    public double? Number(JsonObject parent, string name, string path, double minimum, double maximum)
    {
        if (!TryGetValue(parent, name, out var node))
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            Problem($"{path}.{name}", $"must be a number, got {Describe(node)}.");
            return null;
        }

        var value = node.GetValue<double>();
        if (value < minimum || value > maximum || double.IsNaN(value))
        {
            Problem($"{path}.{name}", $"must be between {Format(minimum)} and {Format(maximum)}, got {Format(value)}.");
            return null;
        }

        return value;
    }

    public long? Integer(JsonObject parent, string name, string path, long minimum, long maximum)
    {
        var value = Number(parent, name, path, minimum, maximum);
        if (value is null)
        {
            return null;
        }

        if (value.Value != Math.Floor(value.Value))
        {
            Problem($"{path}.{name}", $"must be a whole number, got {Format(value.Value)}.");
            return null;
        }

        return (long)value.Value;
    }

    public string? String(JsonObject parent, string name, string path)
    {
        if (!TryGetValue(parent, name, out var node))
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        Problem($"{path}.{name}", $"must be a string, got {Describe(node)}.");
        return null;
    }

    /// <summary>Reads a single character; <paramref name="allowEmpty"/> lets <c>""</c> mean "none" (returned as <c>'\0'</c>).</summary>
    public char? Character(JsonObject parent, string name, string path, bool allowEmpty)
    {
        var text = String(parent, name, path);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 1)
        {
            return text[0];
        }

        if (text.Length == 0 && allowEmpty)
        {
            return '\0';
        }

        Problem($"{path}.{name}", $"must be a single character{(allowEmpty ? " or \"\"" : "")}, got \"{text}\".");
        return null;
    }

    public T? Enum<T>(JsonObject parent, string name, string path, IReadOnlyDictionary<string, T> names)
        where T : struct, Enum
    {
        var text = String(parent, name, path);
        if (text is null)
        {
            return null;
        }

        if (SpecNames.TryParse(names, text, out var value))
        {
            return value;
        }

        Problem($"{path}.{name}", $"unknown value \"{text}\". Use one of: {string.Join(", ", names.Keys.Select(key => $"\"{key}\""))}.");
        return null;
    }

    public List<string>? Strings(JsonObject parent, string name, string path)
    {
        if (!TryGetValue(parent, name, out var node))
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            Problem($"{path}.{name}", $"must be an array of strings, got {Describe(node)}.");
            return null;
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (item is not null && item.GetValueKind() == JsonValueKind.String)
            {
                result.Add(item.GetValue<string>());
            }
            else if (item is not null && item.GetValueKind() == JsonValueKind.Number)
            {
                result.Add(item.ToJsonString());
            }
            else
            {
                Problem($"{path}.{name}[{i}]", $"must be a string, got {Describe(item)}.");
            }
        }

        return result;
    }

    public ColumnReference? Column(JsonNode? node, string path)
    {
        if (node is not null && node.GetValueKind() == JsonValueKind.String)
        {
            var name = node.GetValue<string>();
            if (name.Length > 0)
            {
                return ColumnReference.ByName(name);
            }
        }
        else if (node is not null && node.GetValueKind() == JsonValueKind.Number
            && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number >= 0 && number == Math.Floor(number) && number <= int.MaxValue)
        {
            return ColumnReference.ByIndex((int)number);
        }

        Problem(path, $"must be a column name (a non-empty string) or a 0-based column index, got {Describe(node)}.");
        return null;
    }

    public List<ColumnReference>? Columns(JsonObject parent, string name, string path)
    {
        if (!TryGetValue(parent, name, out var node))
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            Problem($"{path}.{name}", $"must be an array of column names or indexes, got {Describe(node)}.");
            return null;
        }

        var result = new List<ColumnReference>();
        for (var i = 0; i < array.Count; i++)
        {
            if (Column(array[i], $"{path}.{name}[{i}]") is { } column)
            {
                result.Add(column);
            }
        }

        return result;
    }

    public static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        _ => node.ToJsonString(),
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool TryGetValue(JsonObject parent, string name, out JsonNode node)
    {
        if (parent.TryGetPropertyValue(name, out var found) && found is not null)
        {
            node = found;
            return true;
        }

        node = null!;
        return false;
    }
}
