using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>A Boolean expression of a JSONPath Choice state.</summary>
internal abstract class ChoiceRule
{
    public abstract bool Matches(StateRun run, DataScope scope);
}

internal sealed class AndRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public override bool Matches(StateRun run, DataScope scope)
    {
        foreach (var rule in rules)
        {
            if (!rule.Matches(run, scope))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class OrRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public override bool Matches(StateRun run, DataScope scope)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(run, scope))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class NotRule(ChoiceRule rule) : ChoiceRule
{
    public override bool Matches(StateRun run, DataScope scope) => !rule.Matches(run, scope);
}

/// <summary>A data-test expression such as <c>{"Variable": "$.x", "NumericGreaterThan": 3}</c>.</summary>
internal sealed class ComparisonRule(JsonPath variable, string comparison, JsonNode? value, JsonPath? valuePath) : ChoiceRule
{
    public string Comparison { get; } = comparison;

    public override bool Matches(StateRun run, DataScope scope)
    {
        var found = scope.TryEvaluate(variable, out var actual);
        if (Comparison == "IsPresent")
        {
            return found == IsTrue(value);
        }

        if (!found)
        {
            throw run.RuntimeError($"Invalid path '{variable.Text}': The choice state's condition path references an invalid value.");
        }

        var expected = value;
        if (valuePath is not null && !scope.TryEvaluate(valuePath, out expected))
        {
            throw run.RuntimeError($"Invalid path '{valuePath.Text}': The choice state's condition path references an invalid value.");
        }

        var op = valuePath is null ? Comparison : Comparison[..^4];
        return op switch
        {
            "IsNull" => (actual is null) == IsTrue(expected),
            "IsNumeric" => (JsonText.Kind(actual) == JsonValueKind.Number) == IsTrue(expected),
            "IsString" => (JsonText.Kind(actual) == JsonValueKind.String) == IsTrue(expected),
            "IsBoolean" => (JsonText.Kind(actual) is JsonValueKind.True or JsonValueKind.False) == IsTrue(expected),
            "IsTimestamp" => (JsonText.TryGetString(actual, out var t) && WaitState.TryParseTimestamp(t, out _)) == IsTrue(expected),
            "BooleanEquals" => JsonText.Kind(actual) is JsonValueKind.True or JsonValueKind.False
                && JsonText.Kind(expected) is JsonValueKind.True or JsonValueKind.False
                && JsonText.Kind(actual) == JsonText.Kind(expected),
            "StringMatches" => JsonText.TryGetString(actual, out var s) && JsonText.TryGetString(expected, out var pattern) && WildcardMatch(s, pattern),
            _ when op.StartsWith("String", StringComparison.Ordinal) => CompareStrings(op[6..], actual, expected),
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) => CompareNumbers(op[7..], actual, expected),
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) => CompareTimestamps(op[9..], actual, expected),
            _ => false,
        };
    }

    private static bool IsTrue(JsonNode? node) => JsonText.Kind(node) == JsonValueKind.True;

    private static bool CompareStrings(string op, JsonNode? actual, JsonNode? expected)
        => JsonText.TryGetString(actual, out var a) && JsonText.TryGetString(expected, out var b) && Test(op, string.CompareOrdinal(a, b));

    private static bool CompareNumbers(string op, JsonNode? actual, JsonNode? expected)
        => JsonText.TryGetNumber(actual, out var a) && JsonText.TryGetNumber(expected, out var b) && Test(op, a.CompareTo(b));

    private static bool CompareTimestamps(string op, JsonNode? actual, JsonNode? expected)
        => JsonText.TryGetString(actual, out var a) && JsonText.TryGetString(expected, out var b)
            && WaitState.TryParseTimestamp(a, out var x) && WaitState.TryParseTimestamp(b, out var y)
            && Test(op, x.CompareTo(y));

    private static bool Test(string op, int comparison) => op switch
    {
        "Equals" => comparison == 0,
        "LessThan" => comparison < 0,
        "GreaterThan" => comparison > 0,
        "LessThanEquals" => comparison <= 0,
        "GreaterThanEquals" => comparison >= 0,
        _ => false,
    };

    /// <summary>Matches <c>*</c> as any run of characters; <c>\*</c> and <c>\\</c> are literal.</summary>
    public static bool WildcardMatch(string text, string pattern)
    {
        var tokens = new List<(char Char, bool Star)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                tokens.Add((pattern[++i], false));
            }
            else
            {
                tokens.Add((pattern[i], pattern[i] == '*'));
            }
        }

        // Classic greedy wildcard matching with backtracking to the last star.
        int t = 0, p = 0, starToken = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].Star && tokens[p].Char == text[t])
            {
                t++;
                p++;
            }
            else if (p < tokens.Count && tokens[p].Star)
            {
                starToken = p++;
                starText = t;
            }
            else if (starToken >= 0)
            {
                p = starToken + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < tokens.Count && tokens[p].Star)
        {
            p++;
        }

        return p == tokens.Count;
    }
}
