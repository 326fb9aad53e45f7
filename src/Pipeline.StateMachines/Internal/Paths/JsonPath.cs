using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Internal.Paths;

/// <summary>The document a path starts from.</summary>
internal enum PathRoot
{
    /// <summary><c>$</c>: the state input (or the effective input, depending on the field).</summary>
    Input,

    /// <summary><c>$$</c>: the context object.</summary>
    Context,

    /// <summary><c>$name</c>: a variable assigned with <c>Assign</c>.</summary>
    Variable,
}

/// <summary>
/// A compiled JSONPath expression with the syntax Step Functions accepts (the Jayway dialect): dot and bracket
/// members, indexes (negative from the end), wildcards, slices, unions, recursive descent, filters
/// <c>[?(@.x &gt; 1)]</c> and the functions <c>length()</c>, <c>min()</c>, <c>max()</c>, <c>avg()</c>, <c>sum()</c>.
/// </summary>
/// <remarks>
/// A definite path (members and indexes only) selects at most one value. Any other path selects a list,
/// returned as a JSON array, as Step Functions does.
/// </remarks>
internal sealed partial class JsonPath
{
    private readonly PathSegment[] segments;
    private readonly PathFunction function;

    private JsonPath(string text, PathRoot root, string? variableName, PathSegment[] segments, PathFunction function)
    {
        Text = text;
        Root = root;
        VariableName = variableName;
        this.segments = segments;
        this.function = function;
        IsDefinite = function == PathFunction.None && Array.TrueForAll(segments, s => s.IsDefinite);
    }

    public string Text { get; }

    public PathRoot Root { get; }

    /// <summary>The variable name when <see cref="Root"/> is <see cref="PathRoot.Variable"/>.</summary>
    public string? VariableName { get; }

    /// <summary>True when the path selects at most one value (a Reference Path in ASL terms).</summary>
    public bool IsDefinite { get; }

    /// <summary>True for <c>$</c> alone.</summary>
    public bool IsRoot => segments.Length == 0 && function == PathFunction.None;

    internal IReadOnlyList<PathSegment> Segments => segments;

    /// <summary>Parses a path; throws <see cref="FormatException"/> with a message naming the problem.</summary>
    public static JsonPath Parse(string text)
    {
        if (!TryParse(text, out var path, out var error))
        {
            throw new FormatException(error);
        }

        return path;
    }

    /// <summary>Parses a path, returning false and a message when the syntax is invalid.</summary>
    public static bool TryParse(string text, out JsonPath path, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new PathParser(text);
        if (parser.TryParsePath(out var root, out var variable, out var parsed, out var function, out error, requireEnd: true))
        {
            path = new JsonPath(text, root, variable, [.. parsed], function);
            return true;
        }

        path = null!;
        return false;
    }

    internal static JsonPath FromParts(string text, PathRoot root, string? variable, List<PathSegment> parts, PathFunction function)
        => new(text, root, variable, [.. parts], function);

    /// <summary>True when the path starts with the given member names (<c>$$.Execution.Input...</c>).</summary>
    public bool StartsWithMembers(string first, string second)
        => segments.Length >= 2 && segments[0] is MemberSegment { Name: var a } && a == first && segments[1] is MemberSegment { Name: var b } && b == second;

    /// <summary>True when the path may select <c>Execution.Input</c> as part of a larger value (<c>$$</c>, <c>$$.Execution</c>, wildcards).</summary>
    public bool ReadsWholeExecution
    {
        get
        {
            if (segments.Length == 0 || segments[0] is not MemberSegment first)
            {
                return true;
            }

            if (first.Name != "Execution")
            {
                return false;
            }

            return segments.Length == 1 || segments[1] is not MemberSegment second || second.Name == "Input";
        }
    }

    /// <summary>Evaluates the path without its first <paramref name="skip"/> segments.</summary>
    public bool TryEvaluateFrom(JsonNode? document, int skip, out JsonNode? result)
        => new JsonPath(Text, Root, VariableName, segments[skip..], function).TryEvaluate(document, out result);

    /// <summary>
    /// Evaluates the path against a document. A definite path returns the selected node itself (not a copy);
    /// an indefinite path returns a new array of copies. Returns false when a definite path selects nothing.
    /// </summary>
    public bool TryEvaluate(JsonNode? document, out JsonNode? result)
    {
        if (IsDefinite)
        {
            return TryEvaluateDefinite(document, out result);
        }

        var matches = new List<JsonNode?> { document };
        var next = new List<JsonNode?>();
        foreach (var segment in segments)
        {
            next.Clear();
            foreach (var node in matches)
            {
                segment.Select(node, next);
            }

            (matches, next) = (next, matches);
        }

        if (function != PathFunction.None)
        {
            return TryApplyFunction(matches, out result);
        }

        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add(match?.DeepClone());
        }

        result = array;
        return true;
    }

    private bool TryEvaluateDefinite(JsonNode? document, out JsonNode? result)
    {
        var current = document;
        foreach (var segment in segments)
        {
            if (!segment.TrySelectOne(current, out current))
            {
                result = null;
                return false;
            }
        }

        result = current;
        return true;
    }

    private bool TryApplyFunction(List<JsonNode?> matches, out JsonNode? result)
    {
        // Jayway applies the function to the single array the path selects, or to the list of matches.
        IEnumerable<JsonNode?> items = matches.Count == 1 && matches[0] is JsonArray single ? single : matches;
        if (function == PathFunction.Length)
        {
            if (matches.Count == 1 && matches[0] is JsonObject obj)
            {
                result = JsonValue.Create(obj.Count);
                return true;
            }

            if (matches.Count == 1 && Json.JsonText.TryGetString(matches[0], out var text))
            {
                result = JsonValue.Create(text.Length);
                return true;
            }

            result = JsonValue.Create(items.Count());
            return true;
        }

        var numbers = new List<double>();
        foreach (var item in items)
        {
            if (Json.JsonText.TryGetNumber(item, out var number))
            {
                numbers.Add(number);
            }
        }

        if (numbers.Count == 0)
        {
            result = null;
            return false;
        }

        result = function switch
        {
            PathFunction.Min => Json.JsonText.Number(numbers.Min()),
            PathFunction.Max => Json.JsonText.Number(numbers.Max()),
            PathFunction.Sum => Json.JsonText.Number(numbers.Sum()),
            _ => JsonValue.Create(numbers.Average()),
        };
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>A function applied to the result of a path, written as a final <c>.name()</c> segment.</summary>
internal enum PathFunction
{
    None,
    Length,
    Min,
    Max,
    Avg,
    Sum,
}
