using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Intrinsics;

/// <summary>
/// The intrinsic functions of the Amazon States Language (JSONPath mode), with the argument rules of
/// the AWS documentation page "Intrinsic functions for JSONPath states in Step Functions".
/// </summary>
internal static partial class IntrinsicFunctions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["States.Format"] = (1, int.MaxValue),
        ["States.StringToJson"] = (1, 1),
        ["States.JsonToString"] = (1, 1),
        ["States.Array"] = (0, int.MaxValue),
        ["States.ArrayPartition"] = (2, 2),
        ["States.ArrayContains"] = (2, 2),
        ["States.ArrayRange"] = (3, 3),
        ["States.ArrayGetItem"] = (2, 2),
        ["States.ArrayLength"] = (1, 1),
        ["States.ArrayUnique"] = (1, 1),
        ["States.Base64Encode"] = (1, 1),
        ["States.Base64Decode"] = (1, 1),
        ["States.Hash"] = (2, 2),
        ["States.JsonMerge"] = (3, 3),
        ["States.MathRandom"] = (2, 3),
        ["States.MathAdd"] = (2, 2),
        ["States.StringSplit"] = (2, 2),
        ["States.UUID"] = (0, 0),
    };

    public static IEnumerable<string> Names => Arity.Keys;

    public static bool IsKnown(string name) => Arity.ContainsKey(name);

    public static bool TryCheckArity(IntrinsicCall call, out string error)
    {
        var (min, max) = Arity[call.Name];
        var count = call.Arguments.Count;
        if (count < min || count > max)
        {
            string expected;
            if (min == max)
            {
                expected = $"{min}";
            }
            else if (max == int.MaxValue)
            {
                expected = $"at least {min}";
            }
            else
            {
                expected = $"{min} to {max}";
            }

            error = $"The intrinsic function {call.Name} expects {expected} argument(s) but '{call.Text}' has {count}.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public static JsonNode? Invoke(IntrinsicCall call, DataScope scope)
    {
        var args = new JsonNode?[call.Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = call.Arguments[i].Evaluate(scope);
        }

        return call.Name switch
        {
            "States.Format" => Format(call, args),
            "States.StringToJson" => StringToJson(call, args),
            "States.JsonToString" => JsonValue.Create(JsonText.Serialize(args[0])),
            "States.Array" => new JsonArray(args.Select(JsonText.Detach).ToArray()),
            "States.ArrayPartition" => ArrayPartition(call, args),
            "States.ArrayContains" => JsonValue.Create(RequireArray(call, args[0], 1).Any(item => JsonText.DeepEquals(item, args[1]))),
            "States.ArrayRange" => ArrayRange(call, args),
            "States.ArrayGetItem" => ArrayGetItem(call, args),
            "States.ArrayLength" => JsonValue.Create(RequireArray(call, args[0], 1).Count),
            "States.ArrayUnique" => ArrayUnique(call, args),
            "States.Base64Encode" => Base64Encode(call, args),
            "States.Base64Decode" => Base64Decode(call, args),
            "States.Hash" => Hash(call, args),
            "States.JsonMerge" => JsonMerge(call, args),
            "States.MathRandom" => MathRandom(call, args),
            "States.MathAdd" => MathAdd(call, args),
            "States.StringSplit" => StringSplit(call, args),
            _ => JsonValue.Create(Guid.NewGuid().ToString()),
        };
    }

    private static EvaluationException Invalid(IntrinsicCall call, string detail)
        => new(StatesErrors.Runtime, $"Invalid arguments in {call.Name}: {detail}");

    private static JsonArray RequireArray(IntrinsicCall call, JsonNode? node, int position)
        => node as JsonArray ?? throw Invalid(call, $"argument {position} must be an array but was {Describe(node)}.");

    private static string RequireString(IntrinsicCall call, JsonNode? node, int position)
        => JsonText.TryGetString(node, out var value) ? value : throw Invalid(call, $"argument {position} must be a string but was {Describe(node)}.");

    private static long RequireInteger(IntrinsicCall call, JsonNode? node, int position)
        => JsonText.TryGetInteger(node, out var value) ? value : throw Invalid(call, $"argument {position} must be an integer but was {Describe(node)}.");

    private static string Describe(JsonNode? node) => JsonText.Kind(node) switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => $"the string {JsonText.Serialize(node)}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => $"the number {JsonText.Serialize(node)}",
        _ => $"the boolean {JsonText.Serialize(node)}",
    };

    private static JsonValue Format(IntrinsicCall call, JsonNode?[] args)
    {
        var template = call.Arguments[0] is IntrinsicLiteral { RawString: { } raw } ? raw : RequireString(call, args[0], 1);
        var builder = new StringBuilder(template.Length + 32);
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && call.Arguments[0] is IntrinsicLiteral)
            {
                builder.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Length)
                {
                    throw Invalid(call, $"the format string has more placeholders than the {args.Length - 1} argument(s) given.");
                }

                var value = args[next++];
                builder.Append(JsonText.TryGetString(value, out var text) ? text : JsonText.Serialize(value));
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        if (next != args.Length)
        {
            throw Invalid(call, $"the format string has {next - 1} placeholder(s) but {args.Length - 1} argument(s) were given.");
        }

        return JsonValue.Create(builder.ToString());
    }

    private static JsonNode? StringToJson(IntrinsicCall call, JsonNode?[] args)
    {
        var text = RequireString(call, args[0], 1);
        try
        {
            return JsonText.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Invalid(call, $"the string is not valid JSON ({ex.Message}).");
        }
    }
}
