using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Intrinsics;

/// <summary>Parses intrinsic function calls: <c>States.Name(arg, ...)</c> with string, number, boolean, null, path and nested call arguments.</summary>
internal sealed class IntrinsicParser
{
    private readonly string text;
    private int position;

    private IntrinsicParser(string text) => this.text = text;

    /// <summary>True when a <c>.$</c> value is an intrinsic call rather than a path.</summary>
    public static bool LooksLikeCall(string value) => value.StartsWith("States.", StringComparison.Ordinal);

    public static IntrinsicCall Parse(string text)
    {
        if (!TryParse(text, out var call, out var error))
        {
            throw new FormatException(error);
        }

        return call;
    }

    public static bool TryParse(string text, out IntrinsicCall call, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new IntrinsicParser(text);
        call = null!;
        if (!parser.TryParseCall(out call, out error))
        {
            return false;
        }

        parser.SkipSpaces();
        if (parser.position != text.Length)
        {
            error = $"The intrinsic function '{text}' has unexpected text after the closing parenthesis.";
            return false;
        }

        return true;
    }

    private bool TryParseCall(out IntrinsicCall call, out string error)
    {
        call = null!;
        error = string.Empty;
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '.'))
        {
            position++;
        }

        var name = text[start..position];
        if (!IntrinsicFunctions.IsKnown(name))
        {
            error = $"The intrinsic function '{name}' is not supported. Supported functions: {string.Join(", ", IntrinsicFunctions.Names)}.";
            return false;
        }

        SkipSpaces();
        if (!TryConsume('('))
        {
            error = $"The intrinsic function '{name}' must be followed by '('.";
            return false;
        }

        var arguments = new List<IntrinsicExpression>();
        SkipSpaces();
        if (!TryConsume(')'))
        {
            do
            {
                SkipSpaces();
                if (!TryParseArgument(out var argument, out error))
                {
                    return false;
                }

                arguments.Add(argument);
                SkipSpaces();
            }
            while (TryConsume(','));

            if (!TryConsume(')'))
            {
                error = $"The intrinsic function '{text}' is missing ')' at position {position}.";
                return false;
            }
        }

        call = new IntrinsicCall(name, arguments, text[start..position]);
        return IntrinsicFunctions.TryCheckArity(call, out error);
    }

    private bool TryParseArgument(out IntrinsicExpression argument, out string error)
    {
        argument = null!;
        error = string.Empty;
        if (position >= text.Length)
        {
            error = $"The intrinsic function '{text}' ends where an argument was expected.";
            return false;
        }

        var c = text[position];
        if (c == '\'')
        {
            return TryParseString(out argument, out error);
        }

        if (c == '$')
        {
            var start = position;
            var depth = 0;
            while (position < text.Length)
            {
                var ch = text[position];
                if (ch == '[' || ch == '(')
                {
                    depth++;
                }
                else if (ch == ']' || (ch == ')' && depth > 0))
                {
                    depth--;
                }
                else if (depth == 0 && (ch == ',' || ch == ')' || ch == ' '))
                {
                    break;
                }

                position++;
            }

            var pathText = text[start..position];
            if (!JsonPath.TryParse(pathText, out var path, out error))
            {
                return false;
            }

            argument = new IntrinsicPath(path);
            return true;
        }

        if (text.AsSpan(position).StartsWith("States.", StringComparison.Ordinal))
        {
            var ok = TryParseCall(out var call, out error);
            argument = call;
            return ok;
        }

        var tokenStart = position;
        while (position < text.Length && text[position] is not (',' or ')' or ' '))
        {
            position++;
        }

        var token = text[tokenStart..position];
        switch (token)
        {
            case "true":
                argument = new IntrinsicLiteral(JsonValue.Create(true), null);
                return true;
            case "false":
                argument = new IntrinsicLiteral(JsonValue.Create(false), null);
                return true;
            case "null":
                argument = new IntrinsicLiteral(null, null);
                return true;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            argument = new IntrinsicLiteral(Json.JsonText.Number(number), null);
            return true;
        }

        error = $"The intrinsic function '{text}' has an invalid argument '{token}'. Quote strings with single quotes.";
        return false;
    }

    private bool TryParseString(out IntrinsicExpression argument, out string error)
    {
        argument = null!;
        error = string.Empty;
        position++;
        var start = position;
        var value = new StringBuilder();
        while (position < text.Length && text[position] != '\'')
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
            }

            value.Append(text[position]);
            position++;
        }

        if (position >= text.Length)
        {
            error = $"The intrinsic function '{text}' has an unterminated string literal.";
            return false;
        }

        var raw = text[start..position];
        position++;
        argument = new IntrinsicLiteral(JsonValue.Create(value.ToString()), raw);
        return true;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }

    private bool TryConsume(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }
}
