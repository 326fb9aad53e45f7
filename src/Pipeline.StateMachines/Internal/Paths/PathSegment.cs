using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Internal.Paths;

/// <summary>One step of a JSONPath expression.</summary>
internal abstract class PathSegment
{
    public virtual bool IsDefinite => false;

    /// <summary>Selects the single value of a definite segment; false when it is missing.</summary>
    public virtual bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        var list = new List<JsonNode?>();
        Select(node, list);
        result = list.Count > 0 ? list[0] : null;
        return list.Count > 0;
    }

    /// <summary>Adds every value the segment selects from <paramref name="node"/> to <paramref name="results"/>.</summary>
    public abstract void Select(JsonNode? node, List<JsonNode?> results);
}

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
internal sealed class MemberSegment(string name) : PathSegment
{
    public string Name { get; } = name;

    public override bool IsDefinite => true;

    public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out result))
        {
            return true;
        }

        result = null;
        return false;
    }

    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
        {
            results.Add(value);
        }
    }
}

/// <summary><c>[3]</c> or <c>[-1]</c> (counted from the end).</summary>
internal sealed class IndexSegment(int index) : PathSegment
{
    public int Index { get; } = index;

    public override bool IsDefinite => true;

    public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        if (node is JsonArray array)
        {
            var i = Index < 0 ? array.Count + Index : Index;
            if (i >= 0 && i < array.Count)
            {
                result = array[i];
                return true;
            }
        }

        result = null;
        return false;
    }

    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        if (TrySelectOne(node, out var value))
        {
            results.Add(value);
        }
    }
}

/// <summary><c>.*</c> or <c>[*]</c>: every member value or element.</summary>
internal sealed class WildcardSegment : PathSegment
{
    public static readonly WildcardSegment Instance = new();

    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        switch (node)
        {
            case JsonArray array:
                results.AddRange(array);
                break;
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    results.Add(pair.Value);
                }

                break;
        }
    }
}

/// <summary><c>['a','b']</c> or <c>[0,2]</c>.</summary>
internal sealed class UnionSegment(IReadOnlyList<PathSegment> parts) : PathSegment
{
    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        foreach (var part in parts)
        {
            part.Select(node, results);
        }
    }
}

/// <summary><c>[start:end:step]</c> with Python slice semantics.</summary>
internal sealed class SliceSegment(int? start, int? end, int step) : PathSegment
{
    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        if (node is not JsonArray array || step == 0)
        {
            return;
        }

        var count = array.Count;
        if (step > 0)
        {
            var from = Normalize(start ?? 0, count);
            var to = Normalize(end ?? count, count);
            for (var i = from; i < to; i += step)
            {
                results.Add(array[i]);
            }
        }
        else
        {
            var from = start is null ? count - 1 : Math.Min(Normalize(start.Value, count), count - 1);
            var to = end is null ? -1 : Normalize(end.Value, count);
            for (var i = from; i > to; i += step)
            {
                results.Add(array[i]);
            }
        }
    }

    private static int Normalize(int value, int count) => Math.Clamp(value < 0 ? count + value : value, 0, count);
}

/// <summary><c>..name</c>, <c>..*</c> or <c>..[...]</c>: applies the inner segment at every depth.</summary>
internal sealed class DescendantSegment(PathSegment inner) : PathSegment
{
    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        inner.Select(node, results);
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Select(item, results);
                }

                break;
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    Select(pair.Value, results);
                }

                break;
        }
    }
}

/// <summary><c>[?(expression)]</c>: the elements (or member values) for which the expression is true.</summary>
internal sealed class FilterSegment(FilterExpression expression) : PathSegment
{
    public override void Select(JsonNode? node, List<JsonNode?> results)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (expression.IsTrue(item))
                    {
                        results.Add(item);
                    }
                }

                break;
            case JsonObject obj:
                if (expression.IsTrue(obj))
                {
                    results.Add(obj);
                }

                break;
        }
    }
}
