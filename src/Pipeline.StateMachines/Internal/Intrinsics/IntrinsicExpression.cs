using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Intrinsics;

/// <summary>A node of a parsed intrinsic function call such as <c>States.Format('{}', $.name)</c>.</summary>
internal abstract class IntrinsicExpression
{
    public abstract JsonNode? Evaluate(DataScope scope);
}

/// <summary>A literal argument: a string, number, boolean or null.</summary>
internal sealed class IntrinsicLiteral(JsonNode? value, string? rawString) : IntrinsicExpression
{
    public JsonNode? Value { get; } = value;

    /// <summary>The string literal as written between the quotes, escapes included; States.Format reads it.</summary>
    public string? RawString { get; } = rawString;

    public override JsonNode? Evaluate(DataScope scope) => Value?.DeepClone();
}

/// <summary>A path argument (<c>$.a</c>, <c>$$.Execution.Id</c> or <c>$variable</c>).</summary>
internal sealed class IntrinsicPath(JsonPath path) : IntrinsicExpression
{
    public JsonPath Path { get; } = path;

    public override JsonNode? Evaluate(DataScope scope)
    {
        if (!scope.TryEvaluate(Path, out var value))
        {
            throw new EvaluationException($"The JsonPath argument for the field '{Path.Text}' could not be found in the input '{scope.DescribeSource(Path)}'");
        }

        return value;
    }
}

/// <summary>A call of a <c>States.*</c> function.</summary>
internal sealed class IntrinsicCall(string name, IReadOnlyList<IntrinsicExpression> arguments, string text) : IntrinsicExpression
{
    public string Name { get; } = name;

    public IReadOnlyList<IntrinsicExpression> Arguments { get; } = arguments;

    public string Text { get; } = text;

    public override JsonNode? Evaluate(DataScope scope) => IntrinsicFunctions.Invoke(this, scope);
}
