using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Paths;

/// <summary>A boolean expression inside <c>[?( )]</c>, evaluated against the current element <c>@</c>.</summary>
internal abstract class FilterExpression
{
    public abstract bool IsTrue(JsonNode? current);
}

/// <summary>A value in a filter: a path relative to <c>@</c> or a literal.</summary>
internal abstract class FilterOperand
{
    public abstract bool TryGet(JsonNode? current, out JsonNode? value);
}

internal sealed class PathOperand(JsonPath path, bool isRelative) : FilterOperand
{
    public override bool TryGet(JsonNode? current, out JsonNode? value)
    {
        // NOTE: '$' inside a filter is evaluated against the current element's document root.
        var document = isRelative ? current : current?.Root;
        return path.TryEvaluate(document, out value);
    }
}

internal sealed class LiteralOperand(JsonNode? literal) : FilterOperand
{
    public override bool TryGet(JsonNode? current, out JsonNode? value)
    {
        value = literal;
        return true;
    }
}

internal sealed class ExistsFilter(FilterOperand operand) : FilterExpression
{
    public override bool IsTrue(JsonNode? current)
    {
        if (!operand.TryGet(current, out var value))
        {
            return false;
        }

        return operand is LiteralOperand
            ? value is JsonValue v && v.GetValueKind() == JsonValueKind.True
            : value is not JsonArray { Count: 0 } || operand is PathOperand;
    }
}

internal sealed class NotFilter(FilterExpression inner) : FilterExpression
{
    public override bool IsTrue(JsonNode? current) => !inner.IsTrue(current);
}

internal sealed class LogicalFilter(FilterExpression left, FilterExpression right, bool isAnd) : FilterExpression
{
    public override bool IsTrue(JsonNode? current) => isAnd
        ? left.IsTrue(current) && right.IsTrue(current)
        : left.IsTrue(current) || right.IsTrue(current);
}

internal sealed class RegexFilter(FilterOperand operand, Regex regex) : FilterExpression
{
    public override bool IsTrue(JsonNode? current)
        => operand.TryGet(current, out var value) && JsonText.TryGetString(value, out var text) && regex.IsMatch(text);
}

internal sealed class ComparisonFilter(FilterOperand left, string op, FilterOperand right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current)
    {
        if (!left.TryGet(current, out var a) || !right.TryGet(current, out var b))
        {
            return op == "!=";
        }

        if (op == "in")
        {
            return b is JsonArray array && array.Any(item => JsonText.DeepEquals(a, item));
        }

        if (op is "==" or "!=")
        {
            var equal = JsonText.TryGetNumber(a, out var x) && JsonText.TryGetNumber(b, out var y) ? x == y : JsonText.DeepEquals(a, b);
            return op == "==" ? equal : !equal;
        }

        int comparison;
        if (JsonText.TryGetNumber(a, out var left1) && JsonText.TryGetNumber(b, out var right1))
        {
            comparison = left1.CompareTo(right1);
        }
        else if (JsonText.TryGetString(a, out var left2) && JsonText.TryGetString(b, out var right2))
        {
            comparison = string.CompareOrdinal(left2, right2);
        }
        else
        {
            return false;
        }

        return op switch
        {
            "<" => comparison < 0,
            "<=" => comparison <= 0,
            ">" => comparison > 0,
            _ => comparison >= 0,
        };
    }
}
