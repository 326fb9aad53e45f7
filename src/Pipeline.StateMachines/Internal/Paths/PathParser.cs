using System.Globalization;
using System.Text;

namespace Pipeline.StateMachines.Internal.Paths;

/// <summary>A hand-written recursive-descent parser for JSONPath and its filter expressions.</summary>
internal sealed partial class PathParser(string text)
{
    private int position;

    public int Position => position;

    public bool AtEnd => position >= text.Length;

    public bool TryParsePath(out PathRoot root, out string? variable, out List<PathSegment> segments, out PathFunction function, out string error, bool requireEnd)
    {
        root = PathRoot.Input;
        variable = null;
        segments = [];
        function = PathFunction.None;
        error = string.Empty;
        if (!Peek('$'))
        {
            error = $"The path '{text}' must start with '$'.";
            return false;
        }

        position++;
        if (Peek('$'))
        {
            position++;
            root = PathRoot.Context;
        }
        else if (position < text.Length && IsIdentifierStart(text[position]))
        {
            var start = position;
            while (position < text.Length && IsIdentifierPart(text[position]))
            {
                position++;
            }

            root = PathRoot.Variable;
            variable = text[start..position];
        }

        return TryParseSegments(segments, out function, out error, stopAtOperator: !requireEnd)
            && (!requireEnd || CheckEnd(out error));
    }

    private bool CheckEnd(out string error)
    {
        error = string.Empty;
        if (position < text.Length)
        {
            error = $"The path '{text}' has unexpected text '{text[position..]}' at position {position}.";
            return false;
        }

        return true;
    }

    public bool TryParseSegments(List<PathSegment> segments, out PathFunction function, out string error, bool stopAtOperator)
    {
        function = PathFunction.None;
        error = string.Empty;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '.')
            {
                if (function != PathFunction.None)
                {
                    error = $"The path '{text}' continues after a function call.";
                    return false;
                }

                position++;
                if (Peek('.'))
                {
                    position++;
                    if (!TryParseDescendant(segments, out error))
                    {
                        return false;
                    }

                    continue;
                }

                if (Peek('*'))
                {
                    position++;
                    segments.Add(WildcardSegment.Instance);
                    continue;
                }

                var name = ReadDotName(stopAtOperator);
                if (name.Length == 0)
                {
                    error = $"The path '{text}' has an empty member name at position {position}.";
                    return false;
                }

                if (Peek('(') && TryReadFunction(name, out function))
                {
                    continue;
                }

                segments.Add(new MemberSegment(name));
            }
            else if (c == '[')
            {
                if (!TryParseBracket(segments, out error))
                {
                    return false;
                }
            }
            else if (stopAtOperator)
            {
                return true;
            }
            else
            {
                error = $"The path '{text}' has an unexpected character '{c}' at position {position}.";
                return false;
            }
        }

        return true;
    }

    private bool TryReadFunction(string name, out PathFunction function)
    {
        function = name switch
        {
            "length" or "size" => PathFunction.Length,
            "min" => PathFunction.Min,
            "max" => PathFunction.Max,
            "avg" => PathFunction.Avg,
            "sum" => PathFunction.Sum,
            _ => PathFunction.None,
        };
        if (function == PathFunction.None || position + 1 >= text.Length || text[position + 1] != ')')
        {
            function = PathFunction.None;
            return false;
        }

        position += 2;
        return true;
    }

    private bool TryParseDescendant(List<PathSegment> segments, out string error)
    {
        error = string.Empty;
        if (Peek('*'))
        {
            position++;
            segments.Add(new DescendantSegment(WildcardSegment.Instance));
            return true;
        }

        if (Peek('['))
        {
            var inner = new List<PathSegment>();
            if (!TryParseBracket(inner, out error))
            {
                return false;
            }

            segments.Add(new DescendantSegment(inner[0]));
            return true;
        }

        var name = ReadDotName(stopAtOperator: false);
        if (name.Length == 0)
        {
            error = $"The path '{text}' has '..' without a member name at position {position}.";
            return false;
        }

        segments.Add(new DescendantSegment(new MemberSegment(name)));
        return true;
    }

    private string ReadDotName(bool stopAtOperator)
    {
        var start = position;
        while (position < text.Length)
        {
            var c = text[position];
            if (c is '.' or '[' || (c == '(' && position > start) || (stopAtOperator && (char.IsWhiteSpace(c) || c is ')' or '=' or '!' or '<' or '>' or '&' or '|' or ',')))
            {
                break;
            }

            position++;
        }

        return text[start..position];
    }

    private bool TryParseBracket(List<PathSegment> segments, out string error)
    {
        error = string.Empty;
        position++;
        SkipSpaces();
        if (Peek('*'))
        {
            position++;
            SkipSpaces();
            segments.Add(WildcardSegment.Instance);
            return Expect(']', out error);
        }

        if (Peek('?'))
        {
            position++;
            SkipSpaces();
            if (!Expect('(', out error) || !TryParseFilterOr(out var expression, out error))
            {
                return false;
            }

            SkipSpaces();
            if (!Expect(')', out error))
            {
                return false;
            }

            SkipSpaces();
            segments.Add(new FilterSegment(expression));
            return Expect(']', out error);
        }

        if (Peek('\'') || Peek('"'))
        {
            var names = new List<PathSegment>();
            do
            {
                SkipSpaces();
                if (!TryReadQuoted(out var name, out error))
                {
                    return false;
                }

                names.Add(new MemberSegment(name));
                SkipSpaces();
            }
            while (TryConsume(','));

            segments.Add(names.Count == 1 ? names[0] : new UnionSegment(names));
            return Expect(']', out error);
        }

        return TryParseIndexes(segments, out error);
    }

    private bool TryParseIndexes(List<PathSegment> segments, out string error)
    {
        error = string.Empty;
        var first = ReadInteger();
        SkipSpaces();
        if (Peek(':'))
        {
            position++;
            var end = ReadInteger();
            var step = 1;
            SkipSpaces();
            if (TryConsume(':'))
            {
                step = ReadInteger() ?? 1;
            }

            SkipSpaces();
            segments.Add(new SliceSegment(first, end, step));
            return Expect(']', out error);
        }

        if (first is null)
        {
            error = $"The path '{text}' has an invalid bracket expression at position {position}.";
            return false;
        }

        var indexes = new List<PathSegment> { new IndexSegment(first.Value) };
        while (TryConsume(','))
        {
            SkipSpaces();
            var next = ReadInteger();
            if (next is null)
            {
                error = $"The path '{text}' has an invalid index list at position {position}.";
                return false;
            }

            indexes.Add(new IndexSegment(next.Value));
            SkipSpaces();
        }

        segments.Add(indexes.Count == 1 ? indexes[0] : new UnionSegment(indexes));
        return Expect(']', out error);
    }

    private int? ReadInteger()
    {
        SkipSpaces();
        var start = position;
        if (Peek('-'))
        {
            position++;
        }

        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        if (position == start || (position == start + 1 && text[start] == '-'))
        {
            position = start;
            return null;
        }

        return int.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private bool TryReadQuoted(out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        var quote = text[position];
        if (quote is not ('\'' or '"'))
        {
            error = $"The path '{text}' expects a quoted name at position {position}.";
            return false;
        }

        position++;
        var builder = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
            }

            builder.Append(text[position]);
            position++;
        }

        if (position >= text.Length)
        {
            error = $"The path '{text}' has an unterminated quoted name.";
            return false;
        }

        position++;
        value = builder.ToString();
        return true;
    }

    private bool Peek(char c) => position < text.Length && text[position] == c;

    private bool TryConsume(char c)
    {
        if (Peek(c))
        {
            position++;
            return true;
        }

        return false;
    }

    private bool Expect(char c, out string error)
    {
        error = string.Empty;
        if (TryConsume(c))
        {
            return true;
        }

        error = $"The path '{text}' expects '{c}' at position {position}.";
        return false;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
