using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.StateMachines.Internal.Paths;

/// <summary>Filter expressions: <c>||</c>, <c>&amp;&amp;</c>, <c>!</c>, comparisons, <c>=~ /regex/</c>, <c>@</c> and <c>$</c> paths and literals.</summary>
internal sealed partial class PathParser
{
    private bool TryParseFilterOr(out FilterExpression expression, out string error)
    {
        if (!TryParseFilterAnd(out expression, out error))
        {
            return false;
        }

        SkipSpaces();
        while (position + 1 < text.Length && text[position] == '|' && text[position + 1] == '|')
        {
            position += 2;
            if (!TryParseFilterAnd(out var right, out error))
            {
                return false;
            }

            expression = new LogicalFilter(expression, right, isAnd: false);
            SkipSpaces();
        }

        return true;
    }

    private bool TryParseFilterAnd(out FilterExpression expression, out string error)
    {
        if (!TryParseFilterUnary(out expression, out error))
        {
            return false;
        }

        SkipSpaces();
        while (position + 1 < text.Length && text[position] == '&' && text[position + 1] == '&')
        {
            position += 2;
            if (!TryParseFilterUnary(out var right, out error))
            {
                return false;
            }

            expression = new LogicalFilter(expression, right, isAnd: true);
            SkipSpaces();
        }

        return true;
    }

    private bool TryParseFilterUnary(out FilterExpression expression, out string error)
    {
        SkipSpaces();
        if (Peek('!') && !(position + 1 < text.Length && text[position + 1] == '='))
        {
            position++;
            if (!TryParseFilterUnary(out var inner, out error))
            {
                expression = null!;
                return false;
            }

            expression = new NotFilter(inner);
            return true;
        }

        if (Peek('('))
        {
            position++;
            if (!TryParseFilterOr(out expression, out error))
            {
                return false;
            }

            SkipSpaces();
            return Expect(')', out error);
        }

        return TryParseComparison(out expression, out error);
    }

    private bool TryParseComparison(out FilterExpression expression, out string error)
    {
        expression = null!;
        if (!TryParseOperand(out var left, out error))
        {
            return false;
        }

        SkipSpaces();
        var op = ReadOperator();
        if (op is null)
        {
            expression = new ExistsFilter(left);
            return true;
        }

        SkipSpaces();
        if (op == "=~")
        {
            if (!Peek('/'))
            {
                error = $"The path '{text}' expects a /regex/ after '=~' at position {position}.";
                return false;
            }

            var end = text.IndexOf('/', position + 1);
            if (end < 0)
            {
                error = $"The path '{text}' has an unterminated regular expression.";
                return false;
            }

            var pattern = text[(position + 1)..end];
            position = end + 1;
            var options = RegexOptions.CultureInvariant;
            if (Peek('i'))
            {
                position++;
                options |= RegexOptions.IgnoreCase;
            }

            expression = new RegexFilter(left, new Regex(pattern, options, TimeSpan.FromSeconds(1)));
            return true;
        }

        if (!TryParseOperand(out var right, out error))
        {
            return false;
        }

        expression = new ComparisonFilter(left, op, right);
        return true;
    }

    private string? ReadOperator()
    {
        foreach (var candidate in (string[])["==", "!=", "<=", ">=", "=~", "<", ">"])
        {
            if (string.CompareOrdinal(text, position, candidate, 0, candidate.Length) == 0)
            {
                position += candidate.Length;
                return candidate;
            }
        }

        if (string.CompareOrdinal(text, position, "in", 0, 2) == 0 && position + 2 < text.Length && text[position + 2] is ' ' or '[')
        {
            position += 2;
            return "in";
        }

        return null;
    }

    private bool TryParseOperand(out FilterOperand operand, out string error)
    {
        operand = null!;
        error = string.Empty;
        SkipSpaces();
        if (AtEnd)
        {
            error = $"The path '{text}' ends inside a filter expression.";
            return false;
        }

        var c = text[position];
        if (c == '@' || c == '$')
        {
            var isRelative = c == '@';
            var start = position;
            position++;
            var root = PathRoot.Input;
            if (!isRelative && Peek('$'))
            {
                position++;
                root = PathRoot.Context;
            }

            var segments = new List<PathSegment>();
            if (!TryParseSegments(segments, out var function, out error, stopAtOperator: true))
            {
                return false;
            }

            var path = JsonPath.FromParts(text[start..position], root, null, segments, function);
            operand = new PathOperand(path, isRelative);
            return true;
        }

        if (c is '\'' or '"')
        {
            if (!TryReadQuoted(out var value, out error))
            {
                return false;
            }

            operand = new LiteralOperand(JsonValue.Create(value));
            return true;
        }

        if (c == '[')
        {
            var end = text.IndexOf(']', position);
            if (end < 0)
            {
                error = $"The path '{text}' has an unterminated array literal.";
                return false;
            }

            var literal = text[position..(end + 1)].Replace('\'', '"');
            position = end + 1;
            operand = new LiteralOperand(JsonNode.Parse(literal));
            return true;
        }

        var startLiteral = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '-' or '.' or '+'))
        {
            position++;
        }

        var token = text[startLiteral..position];
        JsonNode? node;
        switch (token)
        {
            case "true":
                node = JsonValue.Create(true);
                break;
            case "false":
                node = JsonValue.Create(false);
                break;
            case "null":
                node = null;
                break;
            default:
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    error = $"The path '{text}' has an invalid literal '{token}' in a filter at position {startLiteral}.";
                    return false;
                }

                node = Json.JsonText.Number(number);
                break;
        }

        operand = new LiteralOperand(node);
        return true;
    }
}
