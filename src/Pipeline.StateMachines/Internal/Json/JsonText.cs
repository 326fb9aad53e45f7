using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Internal.Json;

/// <summary>JSON helpers shared by the interpreter: compact serialization, deep equality and safe attachment.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Serializes a node compactly, writing JSON null for a null node.</summary>
    public static string Serialize(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer, SerializerOptions);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Returns the UTF-8 size of the compact serialization, which Step Functions limits to 256 KiB.</summary>
    public static int Utf8Size(JsonNode? node)
    {
        if (node is null)
        {
            return 4;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer, SerializerOptions);
        }

        return buffer.WrittenCount;
    }

    /// <summary>Parses JSON text; throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, NodeOptions, DocumentOptions);

    /// <summary>
    /// Returns a node that can be added to a new parent: the node itself when it has no parent,
    /// otherwise a deep copy. Nodes produced by the interpreter are never mutated after they are published.
    /// </summary>
    public static JsonNode? Detach(JsonNode? node) => node is null || node.Parent is null ? node : node.DeepClone();

    /// <summary>Returns a deep copy of the node (null stays null).</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>Compares two JSON values structurally, with numbers compared by value.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right) => JsonNode.DeepEquals(left, right);

    /// <summary>Returns the JSON kind of a node, with null for JSON null.</summary>
    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    /// <summary>True when the node is a JSON string; <paramref name="value"/> receives it.</summary>
    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue jsonValue && jsonValue.GetValueKind() == JsonValueKind.String)
        {
            value = jsonValue.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>True when the node is a JSON number; <paramref name="value"/> receives it as a double.</summary>
    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue jsonValue || jsonValue.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        // Values parsed from text convert to any numeric type; values created from CLR numbers only to their own type.
        if (jsonValue.TryGetValue(out double number))
        {
            value = number;
        }
        else if (jsonValue.TryGetValue(out long whole))
        {
            value = whole;
        }
        else if (jsonValue.TryGetValue(out int small))
        {
            value = small;
        }
        else if (jsonValue.TryGetValue(out decimal exact))
        {
            value = (double)exact;
        }
        else
        {
            value = double.Parse(Serialize(jsonValue), System.Globalization.CultureInfo.InvariantCulture);
        }

        return true;
    }

    /// <summary>True when the node is a JSON number holding an integer.</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is JsonValue jsonValue && jsonValue.GetValueKind() == JsonValueKind.Number)
        {
            if (jsonValue.TryGetValue(out long integer))
            {
                value = integer;
                return true;
            }

            if (jsonValue.TryGetValue(out int small))
            {
                value = small;
                return true;
            }

            if (TryGetNumber(node, out var number) && Math.Floor(number) == number && Math.Abs(number) < 9.2e18)
            {
                value = (long)number;
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates a JSON number node, keeping integers as integers.</summary>
    public static JsonNode Number(double value)
    {
        if (Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
        {
            return JsonValue.Create((long)value);
        }

        return JsonValue.Create(value);
    }
}
