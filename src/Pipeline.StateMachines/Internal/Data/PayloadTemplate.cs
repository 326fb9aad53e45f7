using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Intrinsics;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Data;

/// <summary>
/// A compiled payload template (Parameters, ResultSelector, ItemSelector, Arguments in JSONPath mode):
/// fields ending in <c>.$</c> are replaced by the value of their path or intrinsic function.
/// Templates without dynamic fields are copied, not re-evaluated.
/// </summary>
internal abstract class PayloadTemplate
{
    public abstract JsonNode? Evaluate(DataScope scope);

    /// <summary>Compiles a template; paths and intrinsic calls are parsed once here. Invalid syntax throws <see cref="FormatException"/>.</summary>
    public static PayloadTemplate Compile(JsonNode? node)
    {
        if (!IsDynamic(node))
        {
            return new LiteralTemplate(node?.DeepClone());
        }

        if (node is JsonArray array)
        {
            return new ArrayTemplate(array.Select(Compile).ToArray());
        }

        var obj = (JsonObject)node!;
        var fields = new List<(string Name, PayloadTemplate Value)>(obj.Count);
        foreach (var pair in obj)
        {
            if (pair.Key.EndsWith(".$", StringComparison.Ordinal) && JsonText.TryGetString(pair.Value, out var expression))
            {
                var name = pair.Key[..^2];
                fields.Add((name, CompileExpression(pair.Key, expression)));
            }
            else
            {
                fields.Add((pair.Key, Compile(pair.Value)));
            }
        }

        return new ObjectTemplate(fields);
    }

    private static PayloadTemplate CompileExpression(string field, string expression)
    {
        if (IntrinsicParser.LooksLikeCall(expression))
        {
            return new IntrinsicTemplate(field, IntrinsicParser.Parse(expression));
        }

        return new PathTemplate(field, JsonPath.Parse(expression));
    }

    private static bool IsDynamic(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(pair => pair.Key.EndsWith(".$", StringComparison.Ordinal) || IsDynamic(pair.Value)),
        JsonArray array => array.Any(IsDynamic),
        _ => false,
    };
}

internal sealed class LiteralTemplate(JsonNode? value) : PayloadTemplate
{
    public override JsonNode? Evaluate(DataScope scope) => value?.DeepClone();
}

internal sealed class ArrayTemplate(PayloadTemplate[] items) : PayloadTemplate
{
    public override JsonNode? Evaluate(DataScope scope)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(JsonText.Detach(item.Evaluate(scope)));
        }

        return array;
    }
}

internal sealed class ObjectTemplate(List<(string Name, PayloadTemplate Value)> fields) : PayloadTemplate
{
    public override JsonNode? Evaluate(DataScope scope)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in fields)
        {
            obj[name] = JsonText.Detach(value.Evaluate(scope));
        }

        return obj;
    }
}

internal sealed class PathTemplate(string field, JsonPath path) : PayloadTemplate
{
    public override JsonNode? Evaluate(DataScope scope)
    {
        if (!scope.TryEvaluate(path, out var value))
        {
            var source = path.Root == PathRoot.Context ? "context object" : "input";
            throw new EvaluationException($"The JSONPath '{path.Text}' specified for the field '{field}' could not be found in the {source} '{scope.DescribeSource(path)}'");
        }

        return value;
    }
}

internal sealed class IntrinsicTemplate(string field, IntrinsicCall call) : PayloadTemplate
{
    public override JsonNode? Evaluate(DataScope scope)
    {
        try
        {
            return call.Evaluate(scope);
        }
        catch (EvaluationException ex)
        {
            throw new EvaluationException(ex.Error, $"The value for the field '{field}' could not be evaluated: {ex.Message}");
        }
    }
}
