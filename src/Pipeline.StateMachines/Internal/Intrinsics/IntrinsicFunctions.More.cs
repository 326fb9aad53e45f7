using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Intrinsics;

/// <summary>Array, encoding, hashing, merge and math intrinsics.</summary>
internal static partial class IntrinsicFunctions
{
    private const int MaxArrayRangeLength = 1000;
    private const int MaxBase64Input = 10000;

    private static JsonArray ArrayPartition(IntrinsicCall call, JsonNode?[] args)
    {
        var array = RequireArray(call, args[0], 1);
        var size = RequireInteger(call, args[1], 2);
        if (size <= 0)
        {
            throw Invalid(call, $"the chunk size must be a positive integer but was {size}.");
        }

        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            chunk ??= [];
            chunk.Add(item?.DeepClone());
            if (chunk.Count == size)
            {
                result.Add(chunk);
                chunk = null;
            }
        }

        if (chunk is not null)
        {
            result.Add(chunk);
        }

        return result;
    }

    private static JsonArray ArrayRange(IntrinsicCall call, JsonNode?[] args)
    {
        var start = RequireInteger(call, args[0], 1);
        var end = RequireInteger(call, args[1], 2);
        var step = RequireInteger(call, args[2], 3);
        if (step == 0)
        {
            throw Invalid(call, "the step must not be 0.");
        }

        var result = new JsonArray();
        for (var value = start; step > 0 ? value <= end : value >= end; value += step)
        {
            if (result.Count == MaxArrayRangeLength)
            {
                throw Invalid(call, $"the range has more than {MaxArrayRangeLength} items.");
            }

            result.Add(value);
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(IntrinsicCall call, JsonNode?[] args)
    {
        var array = RequireArray(call, args[0], 1);
        var index = RequireInteger(call, args[1], 2);
        if (index < 0 || index >= array.Count)
        {
            throw Invalid(call, $"the index {index} is out of bounds for an array of {array.Count} item(s).");
        }

        return array[(int)index]?.DeepClone();
    }

    private static JsonArray ArrayUnique(IntrinsicCall call, JsonNode?[] args)
    {
        var result = new JsonArray();
        foreach (var item in RequireArray(call, args[0], 1))
        {
            if (!result.Any(existing => JsonText.DeepEquals(existing, item)))
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }

    private static JsonValue Base64Encode(IntrinsicCall call, JsonNode?[] args)
    {
        var text = RequireString(call, args[0], 1);
        if (text.Length > MaxBase64Input)
        {
            throw Invalid(call, $"the input has {text.Length} characters, more than the maximum of {MaxBase64Input}.");
        }

        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static JsonValue Base64Decode(IntrinsicCall call, JsonNode?[] args)
    {
        var text = RequireString(call, args[0], 1);
        if (text.Length > MaxBase64Input)
        {
            throw Invalid(call, $"the input has {text.Length} characters, more than the maximum of {MaxBase64Input}.");
        }

        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Invalid(call, "the input is not valid Base64.");
        }
    }

    private static JsonValue Hash(IntrinsicCall call, JsonNode?[] args)
    {
        var data = JsonText.TryGetString(args[0], out var text) ? text : JsonText.Serialize(args[0]);
        var algorithm = RequireString(call, args[1], 2);
        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are hash choices the ASL function offers, not used for security here.
        var hash = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw Invalid(call, $"the algorithm '{algorithm}' is not supported. Use MD5, SHA-1, SHA-256, SHA-384 or SHA-512."),
        };
#pragma warning restore CA5350, CA5351
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonObject JsonMerge(IntrinsicCall call, JsonNode?[] args)
    {
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw Invalid(call, "the first two arguments must be JSON objects.");
        }

        if (args[2] is not JsonValue deep || deep.GetValueKind() is not (System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.True))
        {
            throw Invalid(call, "the third argument must be the boolean false (shallow merge).");
        }

        if (deep.GetValue<bool>())
        {
            throw Invalid(call, "deep merging is not supported. Pass false for a shallow merge.");
        }

        var result = new JsonObject();
        foreach (var pair in left)
        {
            result[pair.Key] = pair.Value?.DeepClone();
        }

        foreach (var pair in right)
        {
            result[pair.Key] = pair.Value?.DeepClone();
        }

        return result;
    }

    private static JsonValue MathRandom(IntrinsicCall call, JsonNode?[] args)
    {
        var start = RequireInteger(call, args[0], 1);
        var end = RequireInteger(call, args[1], 2);
        if (end <= start)
        {
            throw Invalid(call, $"the end {end} must be greater than the start {start}.");
        }

#pragma warning disable CA5394 // States.MathRandom is not a security feature.
        var random = args.Length == 3 ? new Random((int)RequireInteger(call, args[2], 3)) : Random.Shared;
        return JsonValue.Create(random.NextInt64(start, end));
#pragma warning restore CA5394
    }

    private static JsonNode MathAdd(IntrinsicCall call, JsonNode?[] args)
    {
        if (!JsonText.TryGetNumber(args[0], out var a) || !JsonText.TryGetNumber(args[1], out var b))
        {
            throw Invalid(call, "both arguments must be numbers.");
        }

        return JsonText.Number(a + b);
    }

    private static JsonArray StringSplit(IntrinsicCall call, JsonNode?[] args)
    {
        var text = RequireString(call, args[0], 1);
        var delimiters = RequireString(call, args[1], 2);
        var parts = delimiters.Length == 0
            ? [text]
            : text.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        var result = new JsonArray();
        foreach (var part in parts)
        {
            result.Add(part);
        }

        return result;
    }
}
